/**
 * The review page of one document: a self-contained HTML file (no network: CSS, script and page images are
 * inside it). Each page holding a table or form is shown rendered, every fact's box drawn over it in the colour
 * of its state; beside it the table as read (printed labels and canonical keys); the issues in a side list
 * linking to their cells. Everything a person checks is in the static HTML; the script only links (hover,
 * select, filter, keys).
 */
import type { ColumnInfo, Extraction, Fact, Issue, TableRecord } from '../../model/schema.js';
import { cellFor, displayColumns } from '../columns.js';
import { REVIEW_CSS, REVIEW_JS } from './assets.js';
import { esc } from './html.js';
import type { PageImage } from './render.js';

/** Fact states, most telling first: a fact takes the first that applies. */
export const FACT_STATES = [
  { id: 'issue_error', label: '在错误中' },
  { id: 'issue_warning', label: '在警告中' },
  { id: 'sum_mismatch', label: '合计不符 (sum_mismatch)' },
  { id: 'code_repaired', label: '编码已修复 (code_repaired)' },
  { id: 'reread', label: '重读 (reread)' },
  { id: 'unclassified', label: '未归类表格 (unclassified)' },
  { id: 'low_confidence', label: '低置信度 (low_confidence)' },
  { id: 'ocr', label: 'OCR 识别' },
  { id: 'text', label: '文本层' },
  { id: 'sheet', label: '表格文件' },
] as const;
export type FactState = (typeof FACT_STATES)[number]['id'];

const SEVERITY_LABEL: Record<Issue['severity'], string> = { error: '错误', warning: '警告', info: '提示' };
const KIND_LABEL: Record<string, string> = { final: '决算', budget: '预算' };

const factKey = (table: string, row: string, column: string) => `${table}\u0000${row}\u0000${column}`;
/** a shown column's id: its key, and its side on a two-sided sheet */
const colId = (c: { key: string; side?: string }) => (c.side ? `${c.side}:${c.key}` : c.key);

/** Facts an issue names: refs with a row (and column, when given); a ref naming only a table names the table. */
export function issueFacts(issue: Issue, facts: Fact[]): number[] {
  const out = new Set<number>();
  const refs = [...issue.refs, ...(issue.suspect ? [issue.suspect] : [])];
  facts.forEach((f, i) => {
    for (const r of refs) {
      if (r.table === f.table && r.row !== undefined && r.row === f.row && (r.column === undefined || r.column === f.column)) out.add(i);
    }
  });
  return [...out].sort((a, b) => a - b);
}

export function factState(f: Fact, inIssue: Issue['severity'] | undefined): FactState {
  if (inIssue === 'error') return 'issue_error';
  if (inIssue === 'warning') return 'issue_warning';
  const flags = new Set<string>(f.flags ?? []);
  for (const s of ['sum_mismatch', 'code_repaired', 'reread', 'unclassified', 'low_confidence'] as const) if (flags.has(s)) return s;
  if (f.source === 'ocr' || flags.has('ocr')) return 'ocr';
  return f.source === 'sheet' ? 'sheet' : 'text';
}

function fmtNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
}

/** A table's quality record, whatever fields it carries (coverage shown as a percentage). */
function qualityHtml(q: unknown): string {
  if (q === undefined || q === null) return '';
  if (typeof q !== 'object') return `<div class="quality">质量: ${esc(String(q))}</div>`;
  const items = Object.entries(q as Record<string, unknown>).map(([k, v]) => {
    let text: string;
    if (typeof v === 'number') text = /coverage/i.test(k) && v <= 1 ? `${(v * 100).toFixed(1)}%` : fmtNumber(v);
    else if (Array.isArray(v)) text = v.length && typeof v[0] !== 'object' ? v.map(String).join(', ') : String(v.length);
    else if (v && typeof v === 'object') text = Object.entries(v as Record<string, unknown>).map(([a, b]) => `${a}: ${typeof b === 'object' ? JSON.stringify(b) : String(b)}`).join('; ');
    else text = String(v);
    return `<span class="q"><b>${esc(k)}</b> ${esc(text)}</span>`;
  });
  return `<div class="quality" data-quality>${items.join(' ')}</div>`;
}

export function tableQuality(t: TableRecord): unknown {
  return (t as TableRecord & { quality?: unknown }).quality;
}

interface ViewRow {
  key: string;
  label: string;
  code?: string;
  /** per column key: printed text and the fact shown in that cell */
  cells: Map<string, { text: string; fact?: number }>;
}

interface View {
  table: string;
  record?: TableRecord;
  columns: { key: string; label: string; side?: ColumnInfo['side'] }[];
  rows: ViewRow[];
  /** first page of the table shown */
  first: boolean;
}

/** Groups the facts into the tables shown on each page; every fact lands in exactly one cell. */
function buildViews(doc: Extraction): { byPage: Map<number, View[]>; unpaged: View[] } {
  const facts = doc.facts;
  const index = new Map<string, number[]>();
  facts.forEach((f, i) => {
    const k = factKey(f.table, f.row, f.column);
    (index.get(k) ?? index.set(k, []).get(k)!).push(i);
  });
  const placed = new Set<number>();
  const byPage = new Map<number, View[]>();
  const push = (page: number, v: View) => (byPage.get(page) ?? byPage.set(page, []).get(page)!).push(v);
  const views = new Map<string, View>();
  const viewFor = (table: string, page: number | undefined, record?: TableRecord): View => {
    const k = `${table}\u0000${page ?? ''}`;
    let v = views.get(k);
    if (!v) {
      v = { table, record, columns: record ? displayColumns(record) : [], rows: [], first: false };
      views.set(k, v);
    }
    return v;
  };
  for (const t of doc.tables) {
    const pages = [...new Set([...t.pages, ...t.rows.map((r) => r.page)])].sort((a, b) => a - b);
    pages.forEach((p, n) => {
      const v = viewFor(t.kind, p, t);
      v.first = n === 0;
      for (const r of t.rows.filter((x) => x.page === p)) {
        const row: ViewRow = { key: r.key, label: r.label, code: r.code, cells: new Map() };
        for (const col of v.columns) {
          const c = cellFor(r.key, r.cells, col);
          if (!c) continue;
          // the fact read from this very cell (a row printed twice keeps its fact on the copy holding the number)
          const f = (index.get(factKey(t.kind, r.key, c.column)) ?? []).find(
            (i) => !placed.has(i) && (facts[i].page === undefined || facts[i].page === p) && (facts[i].value === c.value || facts[i].printed === c.text),
          );
          if (f !== undefined) placed.add(f);
          row.cells.set(colId(col), { text: c.text, fact: f });
        }
        v.rows.push(row);
      }
      push(p, v);
    });
  }
  // facts no printed row holds (the forms' facts, anything merged from a repeated table): rows of their own
  const unpaged: View[] = [];
  facts.forEach((f, i) => {
    if (placed.has(i)) return;
    const record = doc.tables.find((t) => t.kind === f.table);
    const fresh = !views.has(`${f.table}\u0000${f.page ?? ''}`);
    const v = viewFor(f.table, f.page, record);
    if (fresh) {
      v.first = !record || record.pages[0] === f.page;
      if (f.page === undefined) unpaged.push(v);
      else push(f.page, v);
    }
    let col = v.columns.find((c) => (c.key === f.column || c.key.endsWith(`.${f.column}`)) && (!c.side || f.row.startsWith(`${c.side}:`)));
    if (!col) v.columns.push((col = { key: f.column, label: f.columnLabel ?? f.column }));
    const id = colId(col);
    // a row of that key with the cell still free, else a row of its own
    let row = v.rows.find((r) => r.key === f.row && r.cells.get(id)?.fact === undefined);
    if (!row) v.rows.push((row = { key: f.row, label: f.rowLabel ?? f.row, cells: new Map() }));
    row.cells.set(id, { text: f.printed ?? fmtNumber(f.value), fact: i });
    placed.add(i);
  });
  return { byPage, unpaged };
}

interface FactInfo {
  state: FactState;
  issues: number[];
}

function factTitle(f: Fact, info: FactInfo): string {
  const parts = [`${f.table} / ${f.row} / ${f.column}`, `${f.printed ?? f.value} ${f.unit}`];
  if (f.rowLabel || f.columnLabel) parts.push(`${f.rowLabel ?? ''} · ${f.columnLabel ?? ''}`);
  parts.push(`来源 ${f.source ?? '?'}${f.confidence !== undefined ? `，置信度 ${f.confidence.toFixed(2)}` : ''}`);
  if (f.flags?.length) parts.push(`标记 ${f.flags.join(', ')}`);
  if (info.issues.length) parts.push(`问题 ${info.issues.map((i) => `#${i + 1}`).join(' ')}`);
  return parts.join('\n');
}

function cellHtml(doc: Extraction, info: FactInfo[], cell: { text: string; fact?: number } | undefined): string {
  if (!cell) return '<td></td>';
  if (cell.fact === undefined) return `<td class="nofact">${esc(cell.text)}</td>`;
  const f = doc.facts[cell.fact];
  const fi = info[cell.fact];
  const marks = (f.flags ?? []).filter((x) => x !== 'ocr').map((x) => `<i class="flag">${esc(x)}</i>`).join('');
  return `<td class="fact st-${fi.state}" data-f="${cell.fact}"${fi.issues.length ? ` data-issues="${fi.issues.join(' ')}"` : ''} title="${esc(factTitle(f, fi))}">${esc(cell.text)}${marks}</td>`;
}

function viewHtml(doc: Extraction, info: FactInfo[], v: View, page: number | undefined): string {
  const t = v.record;
  const id = `t-${v.table}${page !== undefined ? `-p${page}` : ''}`;
  const title = t ? `${t.label ? `${esc(t.label)} ` : ''}${esc(t.title)}` : esc(v.table);
  const meta = [v.table, t?.unit, t?.method, t?.empty ? '本表无数据' : undefined].filter(Boolean).map((x) => esc(String(x))).join(' · ');
  const head =
    `<tr><th class="lead">项目</th>${v.columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>` +
    `<tr class="keys"><th class="lead">key</th>${v.columns.map((c) => `<th><code>${esc(c.key)}</code></th>`).join('')}</tr>`;
  const body = v.rows
    .map((r) => {
      const lead = `<th class="lead"><span class="label">${esc(r.label)}</span>${r.code && !r.label.includes(r.code) ? ` <span class="code">${esc(r.code)}</span>` : ''}<code>${esc(r.key)}</code></th>`;
      return `<tr>${lead}${v.columns.map((c) => cellHtml(doc, info, r.cells.get(colId(c)))).join('')}</tr>`;
    })
    .join('');
  return (
    `<div class="tbl" id="${esc(id)}" data-table="${esc(v.table)}">` +
    `<h3>${title}${v.first ? '' : ' <small>（续）</small>'} <small>${meta}</small></h3>` +
    (v.first && t ? qualityHtml(tableQuality(t)) : '') +
    `<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div></div>`
  );
}

function boxesSvg(doc: Extraction, info: FactInfo[], page: number, width: number, height: number): string {
  const rects = doc.facts
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.page === page && f.box)
    .map(({ f, i }) => {
      const b = f.box!;
      const r = (n: number) => Math.round(n * 100) / 100;
      return `<rect class="box st-${info[i].state}" data-f="${i}" x="${r(b.x0)}" y="${r(b.y0)}" width="${r(b.x1 - b.x0)}" height="${r(b.y1 - b.y0)}"><title>${esc(factTitle(f, info[i]))}</title></rect>`;
    })
    .join('');
  return `<svg class="boxes" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none">${rects}</svg>`;
}

function issueHtml(doc: Extraction, issue: Issue, i: number, facts: number[]): string {
  const page = issue.page ?? (facts.length ? doc.facts[facts[0]].page : undefined);
  const where = issue.refs.map((r) => [r.table, r.row, r.column].filter(Boolean).join(' / ')).join('；');
  const vals: string[] = [];
  if (issue.expected !== undefined) vals.push(`<dt>应为</dt><dd>${fmtNumber(issue.expected)}</dd>`);
  if (issue.printed !== undefined) vals.push(`<dt>印刷</dt><dd>${fmtNumber(issue.printed)}</dd>`);
  if (issue.tolerance !== undefined) vals.push(`<dt>容差</dt><dd>${fmtNumber(issue.tolerance)}</dd>`);
  for (const [k, v] of Object.entries(issue.values ?? {})) vals.push(`<dt>${esc(k)}</dt><dd>${fmtNumber(v)}</dd>`);
  const tables = [...new Set(issue.refs.filter((r) => r.row === undefined).map((r) => r.table))];
  return (
    `<li class="issue sev-${issue.severity}" id="issue-${i}" data-i="${i}" data-facts="${facts.join(' ')}"` +
    `${tables.length ? ` data-tables="${esc(tables.join(' '))}"` : ''}${page !== undefined ? ` data-page="${page}"` : ''} tabindex="-1">` +
    `<div class="ihead"><span class="sev">${SEVERITY_LABEL[issue.severity]}</span> <b class="rule">${esc(issue.rule)}</b>` +
    `${page !== undefined ? ` <a class="pg" href="#page-${page}">第${page}页</a>` : ''} <span class="n">#${i + 1}</span></div>` +
    `<p class="msg">${esc(issue.message)}</p>` +
    (vals.length ? `<dl class="values">${vals.join('')}</dl>` : '') +
    (where ? `<div class="where">${esc(where)}</div>` : '') +
    (issue.sentence ? `<blockquote>${esc(issue.sentence)}</blockquote>` : '') +
    `</li>`
  );
}

export interface ReviewPageOptions {
  /** page images by page number (PDF input); without them the page shows the tables only */
  images?: Map<number, PageImage>;
  /** link back to an index page */
  indexHref?: string;
}

/** Pages the review shows: those holding a table, a form or a fact. */
export function reviewPages(doc: Extraction): number[] {
  const s = new Set<number>();
  for (const t of doc.tables) for (const p of t.pages) s.add(p);
  for (const f of doc.forms) for (const p of f.pages) s.add(p);
  for (const f of doc.facts) if (f.page !== undefined) s.add(f.page);
  return [...s].sort((a, b) => a - b);
}

export function reviewHtml(doc: Extraction, opts: ReviewPageOptions = {}): string {
  const d = doc.document;
  const issueFactList = doc.issues.map((iss) => issueFacts(iss, doc.facts));
  const worst = new Map<number, Issue['severity']>();
  const factIssues = new Map<number, number[]>();
  issueFactList.forEach((list, i) => {
    const sev = doc.issues[i].severity;
    for (const f of list) {
      (factIssues.get(f) ?? factIssues.set(f, []).get(f)!).push(i);
      const w = worst.get(f);
      if (sev === 'error' || (sev === 'warning' && w !== 'error')) worst.set(f, sev);
    }
  });
  const info: FactInfo[] = doc.facts.map((f, i) => ({ state: factState(f, worst.get(i)), issues: factIssues.get(i) ?? [] }));
  const { byPage, unpaged } = buildViews(doc);
  const pageInfo = new Map(doc.pages.map((p) => [p.page, p]));

  const kind = d.kind ? KIND_LABEL[d.kind] ?? d.kind : '';
  const heading = `${d.department ?? '（部门未识别）'} ${d.year ? `${d.year}年度` : ''}${kind}`;
  const sevCount = (s: Issue['severity']) => doc.issues.filter((i) => i.severity === s).length;
  const stateCount = new Map<FactState, number>();
  for (const x of info) stateCount.set(x.state, (stateCount.get(x.state) ?? 0) + 1);

  const ident = [
    ['部门', d.department ?? '—'], ['年度', d.year ?? '—'], ['类型', kind || '—'], ['文件', d.source ?? '—'], ['页数', d.pages ?? '—'],
    ['OCR 页', d.ocrPages?.length ? d.ocrPages.join(',') : '—'], ['表', doc.tables.length], ['数值', doc.facts.length],
    ['绩效自评表', doc.forms.length], ['问题', `${doc.issues.length}（错误 ${sevCount('error')}，警告 ${sevCount('warning')}）`],
    ['sha256', d.sha256 ? d.sha256.slice(0, 12) : '—'], ['版本', `${doc.pipeline.name} ${doc.pipeline.version}`],
  ]
    .map(([k, v]) => `<span class="id"><b>${esc(String(k))}</b> <span data-id="${esc(String(k))}">${esc(String(v))}</span></span>`)
    .join('');
  const legend = FACT_STATES.filter((s) => stateCount.get(s.id))
    .map((s) => `<span class="lg st-${s.id}" data-state="${s.id}"><i></i>${esc(s.label)} ${stateCount.get(s.id)}</span>`)
    .join('');
  const filters = (['error', 'warning', 'info'] as const)
    .map((s) => `<label class="sev-${s}"><input type="checkbox" data-sev="${s}" checked> ${SEVERITY_LABEL[s]} ${sevCount(s)}</label>`)
    .join('');
  const toc = doc.tables
    .map((t) => {
      const q = tableQuality(t) as { coverage?: unknown } | undefined;
      const cov = typeof q?.coverage === 'number' ? ` <span class="cov">${(q.coverage * 100).toFixed(0)}%</span>` : '';
      const first = Math.min(...t.pages, ...t.rows.map((r) => r.page));
      const target = Number.isFinite(first) && byPage.get(first)?.some((v) => v.table === t.kind) ? `#t-${t.kind}-p${first}` : '';
      return `<li>${target ? `<a href="${esc(target)}">` : ''}${esc(t.label ?? '')} ${esc(t.title)}${target ? '</a>' : ''} <small>${esc(t.kind)} · 第${t.pages.join(',')}页</small>${cov}</li>`;
    })
    .join('');

  const sections: string[] = [];
  for (const p of [...new Set([...reviewPages(doc), ...byPage.keys()])].sort((a, b) => a - b)) {
    const pi = pageInfo.get(p);
    const img = opts.images?.get(p);
    const views = byPage.get(p) ?? [];
    const forms = doc.forms.filter((f) => f.pages.includes(p));
    const formList = forms.length
      ? `<div class="forms"><h3>项目支出绩效自评表</h3><ul>${forms.map((f) => `<li>${esc(f.project)}${f.scoreTotal !== undefined ? ` · 总分 ${fmtNumber(f.scoreTotal)}` : ''}${f.grade ? ` · ${esc(f.grade)}` : ''}</li>`).join('')}</ul></div>`
      : '';
    const shot = pi && img
      ? `<figure class="shot" style="aspect-ratio:${img.w}/${img.h}"><img src="${img.src}" width="${img.w}" height="${img.h}" alt="第${p}页" loading="lazy" decoding="async"${pi.skew ? ` style="transform: rotate(${-pi.skew}deg)"` : ''}>${boxesSvg(doc, info, p, pi.width, pi.height)}</figure>`
      : pi && pi.source !== 'sheet'
        ? `<figure class="shot noimg" style="aspect-ratio:${pi.width}/${pi.height}">${boxesSvg(doc, info, p, pi.width, pi.height)}</figure>`
        : '';
    sections.push(
      `<section class="page${shot ? '' : ' noshot'}" id="page-${p}" data-page="${p}"><h2>第 ${p} 页${pi ? ` <small>${esc(pi.source)}${pi.ocrConfidence !== undefined ? ` · OCR 置信度 ${pi.ocrConfidence.toFixed(2)}` : ''}</small>` : ''}</h2>` +
        `<div class="pagewrap">${shot}<div class="read">${views.map((v) => viewHtml(doc, info, v, p)).join('')}${formList}</div></div></section>`,
    );
  }
  if (unpaged.length) {
    sections.push(`<section class="page noshot" id="page-none"><h2>无页码的数值</h2><div class="pagewrap"><div class="read">${unpaged.map((v) => viewHtml(doc, info, v, undefined)).join('')}</div></div></section>`);
  }

  const issues = doc.issues.map((iss, i) => issueHtml(doc, iss, i, issueFactList[i])).join('');
  const warnings = doc.warnings.length ? `<div class="warnings">${doc.warnings.map((w) => `<p>${esc(w)}</p>`).join('')}</div>` : '';
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(heading)} · yjsgk</title><style>${REVIEW_CSS}</style></head><body>` +
    `<header><h1>${opts.indexHref ? `<a class="up" href="${esc(opts.indexHref)}">◀ 索引</a> ` : ''}${esc(heading)}</h1>` +
    `${d.title ? `<div class="doctitle">${esc(d.title)}</div>` : ''}<div class="ident" data-document>${ident}</div><div class="legend">${legend}</div></header>` +
    `<div id="layout"><aside id="side"><div class="filters">${filters}<span class="hint">j/k 或 ↑/↓ 切换问题，Esc 取消</span></div>` +
    `<ol id="issues">${issues || '<li class="none">没有问题</li>'}</ol>${warnings}<h4>表</h4><ul class="toc">${toc}</ul></aside>` +
    `<main id="pages">${sections.join('')}</main></div>` +
    `<script>${REVIEW_JS}</script></body></html>\n`
  );
}
