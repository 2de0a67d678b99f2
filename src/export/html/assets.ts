/**
 * The review page's stylesheet and script, inlined into each page (no network). The script only links what
 * the static HTML shows: hovering a cell lights its box and back, clicking (or j/k) selects an issue and shows
 * its cells, checkboxes filter issues by severity.
 */

const STATE_COLOURS: [string, string][] = [
  ['issue_error', '#dc2626'], ['issue_warning', '#e0a800'], ['sum_mismatch', '#ea580c'], ['code_repaired', '#db2777'],
  ['reread', '#7c3aed'], ['unclassified', '#65a30d'], ['low_confidence', '#92400e'], ['ocr', '#0891b2'], ['text', '#2563eb'], ['sheet', '#2563eb'],
];

export const REVIEW_CSS = `
:root { --side: 340px; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 14px; color: #1f2937; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; }
header { background: #fff; border-bottom: 1px solid #d1d5db; padding: 6px 14px; }
h1 { font-size: 18px; margin: 0 0 2px; } h1 a.up { font-size: 13px; font-weight: normal; margin-right: 8px; }
.doctitle { color: #4b5563; font-size: 13px; }
.ident, .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin-top: 3px; }
.ident b { color: #6b7280; font-weight: normal; }
.lg i { display: inline-block; width: 12px; height: 10px; border: 2px solid var(--c); background: color-mix(in srgb, var(--c) 18%, transparent); margin-right: 4px; vertical-align: -1px; }
#layout { display: grid; grid-template-columns: var(--side) minmax(0, 1fr); }
#side { position: sticky; top: 0; height: 100vh; overflow: auto; background: #fff; border-right: 1px solid #d1d5db; padding: 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin-bottom: 6px; }
.hint { color: #9ca3af; font-size: 11px; }
#issues { list-style: none; margin: 0; padding: 0; }
.issue { border: 1px solid #e5e7eb; border-left: 4px solid #9ca3af; border-radius: 4px; padding: 5px 7px; margin-bottom: 6px; cursor: pointer; outline: none; }
.issue.sev-error { border-left-color: #dc2626; } .issue.sev-warning { border-left-color: #e0a800; } .issue.sev-info { border-left-color: #93c5fd; }
.issue.on { background: #fef9c3; box-shadow: 0 0 0 2px #111827; }
.issue.hidden, body.hide-error .sev-error.issue, body.hide-warning .sev-warning.issue, body.hide-info .sev-info.issue { display: none; }
.ihead { font-size: 12px; } .ihead .n { float: right; color: #9ca3af; } .sev { font-weight: bold; }
.sev-error .sev { color: #dc2626; } .sev-warning .sev { color: #a16207; } .sev-info .sev { color: #2563eb; }
.msg { margin: 3px 0; line-height: 1.4; }
.values { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin: 2px 0; font-size: 12px; }
.values dt { color: #6b7280; } .values dd { margin: 0; font-variant-numeric: tabular-nums; }
.where { font-size: 11px; color: #6b7280; word-break: break-all; }
blockquote { margin: 3px 0; padding-left: 6px; border-left: 2px solid #d1d5db; font-size: 12px; color: #4b5563; }
.toc { padding-left: 16px; font-size: 12px; } .toc small { color: #9ca3af; } .cov { color: #047857; }
.warnings { font-size: 12px; color: #92400e; }
#pages { padding: 10px; min-width: 0; }
.page { background: #fff; border: 1px solid #d1d5db; border-radius: 6px; margin-bottom: 14px; padding: 8px; content-visibility: auto; contain-intrinsic-size: auto 1100px; }
.page h2 { font-size: 15px; margin: 0 0 6px; } .page h2 small { color: #6b7280; font-weight: normal; }
.pagewrap { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 10px; align-items: start; }
.noshot .pagewrap { grid-template-columns: minmax(0, 1fr); }
.shot { position: sticky; top: 6px; margin: 0; width: 100%; outline: 1px solid #d1d5db; background: #fff; }
/* an OCR'd page's image is turned (inline style) as the OCR stage read it, its boxes being in that frame */
.shot { overflow: hidden; }
.shot img { display: block; width: 100%; height: 100%; }
.shot.noimg { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 8px, #f3f4f6 8px, #f3f4f6 16px); }
.boxes { position: absolute; inset: 0; width: 100%; height: 100%; }
.box { fill: color-mix(in srgb, var(--c) 12%, transparent); stroke: var(--c); stroke-width: 0.8; cursor: pointer; }
.box.st-low_confidence { stroke-dasharray: 2 1; }
.box.hot { fill: color-mix(in srgb, var(--c) 45%, transparent); stroke-width: 2; }
.box.sel { stroke: #111827; stroke-width: 2.5; fill: color-mix(in srgb, #facc15 55%, transparent); }
.read { min-width: 0; }
.tbl { margin-bottom: 10px; } .tbl h3 { font-size: 14px; margin: 2px 0 4px; } .tbl h3 small { color: #6b7280; font-weight: normal; }
.tbl.sel h3 { background: #fef9c3; }
.quality { font-size: 12px; color: #374151; margin-bottom: 4px; display: flex; flex-wrap: wrap; gap: 2px 10px; }
.quality b { color: #6b7280; font-weight: normal; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid #e5e7eb; }
table { border-collapse: collapse; font-size: 12px; width: max-content; min-width: 100%; }
th, td { border: 1px solid #e5e7eb; padding: 2px 5px; vertical-align: top; }
thead th { position: sticky; top: 0; background: #f9fafb; font-weight: 600; z-index: 1; }
thead tr.keys th { top: 22px; font-weight: normal; }
th.lead { text-align: left; position: sticky; left: 0; background: #f9fafb; max-width: 260px; font-weight: normal; z-index: 2; }
thead th.lead { z-index: 3; }
th.lead code, thead code { display: block; font-size: 10px; color: #6b7280; word-break: break-all; }
.code { color: #6b7280; }
td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.fact { box-shadow: inset 3px 0 0 var(--c); cursor: pointer; }
td.fact.hot { background: color-mix(in srgb, var(--c) 25%, #fff); }
td.fact.sel { background: #fde047; outline: 2px solid #111827; }
td.nofact { color: #9ca3af; }
.flag { font-style: normal; font-size: 9px; color: #fff; background: var(--c); border-radius: 2px; padding: 0 2px; margin-left: 3px; }
.forms ul { font-size: 12px; padding-left: 18px; }
${STATE_COLOURS.map(([s, c]) => `.st-${s} { --c: ${c}; }`).join('\n')}
@media (max-width: 1100px) { :root { --side: 280px; } .pagewrap { grid-template-columns: minmax(0, 1fr); } .shot { position: relative; top: 0; } }
`;

/** Index page additions (document list, chart). */
export const INDEX_CSS = `
main.index { padding: 10px 14px; }
.controls { display: flex; gap: 12px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
.controls input[type=search] { width: 280px; padding: 3px 6px; }
table.docs { background: #fff; width: 100%; }
table.docs th { cursor: pointer; user-select: none; text-align: left; }
table.docs th[data-dir=asc]::after { content: " ▲"; } table.docs th[data-dir=desc]::after { content: " ▼"; }
table.docs td { text-align: left; white-space: normal; } table.docs td.num { text-align: right; }
table.docs tr.failed td { color: #b91c1c; }
.bad { color: #dc2626; font-weight: bold; } .warn { color: #a16207; }
.chart { background: #fff; border: 1px solid #d1d5db; border-radius: 6px; padding: 8px; margin: 10px 0; }
.chart svg { width: 100%; max-width: 980px; height: auto; }
.chart text { font-size: 11px; fill: #374151; }
`;

/* The script below is plain ES2017 for the browser; it is inlined as text, so it avoids template syntax. */
export const REVIEW_JS = String.raw`
(function () {
  var body = document.body;
  var issues = Array.prototype.slice.call(document.querySelectorAll('#issues .issue'));
  var current = -1;
  function byFact(f) { return document.querySelectorAll('[data-f="' + f + '"]'); }
  function clearSel() {
    document.querySelectorAll('.sel').forEach(function (e) { e.classList.remove('sel'); });
    issues.forEach(function (e) { e.classList.remove('on'); });
  }
  function visible(li) { return li.offsetParent !== null; }
  function select(li, scroll) {
    clearSel();
    if (!li) { current = -1; return; }
    current = issues.indexOf(li);
    li.classList.add('on');
    var facts = (li.getAttribute('data-facts') || '').split(' ').filter(Boolean);
    var first = null;
    facts.forEach(function (f) {
      byFact(f).forEach(function (e) { e.classList.add('sel'); if (!first && e.tagName === 'TD') first = e; });
    });
    (li.getAttribute('data-tables') || '').split(' ').filter(Boolean).forEach(function (t) {
      document.querySelectorAll('.tbl[data-table="' + t + '"]').forEach(function (e) { e.classList.add('sel'); if (!first) first = e; });
    });
    if (!first) {
      var pg = li.getAttribute('data-page');
      if (pg) first = document.getElementById('page-' + pg);
    }
    if (scroll !== false) {
      li.scrollIntoView({ block: 'nearest' });
      if (first) {
        var sec = first.closest('.page');
        if (sec) sec.scrollIntoView({ block: 'start' });
        first.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
    }
    li.focus({ preventScroll: true });
  }
  function step(d) {
    var vis = issues.filter(visible);
    if (!vis.length) return;
    var at = vis.indexOf(issues[current]);
    var next = at < 0 ? (d > 0 ? 0 : vis.length - 1) : Math.min(vis.length - 1, Math.max(0, at + d));
    select(vis[next]);
  }
  document.getElementById('issues').addEventListener('click', function (ev) {
    if (ev.target.closest('a')) return;
    var li = ev.target.closest('.issue');
    if (li) select(li);
  });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (t && (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type !== 'checkbox'))) return;
    if (ev.key === 'j' || ev.key === 'ArrowDown' || ev.key === 'n') { step(1); ev.preventDefault(); }
    else if (ev.key === 'k' || ev.key === 'ArrowUp' || ev.key === 'p') { step(-1); ev.preventDefault(); }
    else if (ev.key === 'Escape') select(null);
  });
  document.querySelectorAll('.filters input[data-sev]').forEach(function (box) {
    box.addEventListener('change', function () {
      body.classList.toggle('hide-' + box.getAttribute('data-sev'), !box.checked);
      if (current >= 0 && !visible(issues[current])) select(null);
    });
  });
  var hot = [];
  function light(f) {
    hot.forEach(function (e) { e.classList.remove('hot'); });
    hot = f === null ? [] : Array.prototype.slice.call(byFact(f));
    hot.forEach(function (e) { e.classList.add('hot'); });
  }
  var pages = document.getElementById('pages');
  pages.addEventListener('mouseover', function (ev) {
    var el = ev.target.closest('[data-f]');
    light(el ? el.getAttribute('data-f') : null);
  });
  pages.addEventListener('mouseleave', function () { light(null); });
  pages.addEventListener('click', function (ev) {
    var el = ev.target.closest('[data-f]');
    if (!el) return;
    var f = el.getAttribute('data-f');
    var cell = document.querySelector('td[data-f="' + f + '"]');
    if (el.tagName !== 'TD' && cell) cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    var ids = (cell && cell.getAttribute('data-issues') || '').split(' ').filter(Boolean);
    if (ids.length) select(document.getElementById('issue-' + ids[0]), false);
  });
})();
`;

/* Index page: sort by clicking a header, filter by text and by "with errors". */
export const INDEX_JS = String.raw`
(function () {
  var table = document.querySelector('table.docs');
  var tbody = table.tBodies[0];
  var q = document.getElementById('q');
  var onlyErr = document.getElementById('only-errors');
  function apply() {
    var s = (q.value || '').trim().toLowerCase();
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      var ok = (!s || tr.textContent.toLowerCase().indexOf(s) >= 0) && (!onlyErr.checked || Number(tr.getAttribute('data-errors') || 0) > 0);
      tr.hidden = !ok;
    });
    document.getElementById('shown').textContent = String(Array.prototype.filter.call(tbody.rows, function (tr) { return !tr.hidden; }).length);
  }
  q.addEventListener('input', apply);
  onlyErr.addEventListener('change', apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () {
      var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.removeAttribute('data-dir'); });
      th.setAttribute('data-dir', dir);
      var num = th.hasAttribute('data-num');
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        if (x === null) x = a.cells[col].textContent; if (y === null) y = b.cells[col].textContent;
        var c = num ? (Number(x === '' ? Infinity : x) - Number(y === '' ? Infinity : y)) : x.localeCompare(y, 'zh');
        return dir === 'asc' ? c : -c;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  apply();
})();
`;
