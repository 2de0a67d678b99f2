/**
 * The index page over a batch's documents: one sortable, filterable row per input file linking to its review
 * page, and a bar chart of the main totals by department and year.
 */
import { INDEX_CSS, INDEX_JS, REVIEW_CSS } from './assets.js';
import { esc } from './html.js';

export interface IndexRow {
  file: string;
  /** link to the document's review page (relative to the index) */
  href?: string;
  /** alias: the same bytes as another file of the batch (read once) */
  status: 'ok' | 'failed' | 'alias';
  reason?: string;
  department?: string | null;
  year?: number | null;
  kind?: string | null;
  pages?: number | null;
  tables?: number;
  tablesWithData?: number;
  tableKinds?: string[];
  facts?: number;
  /** the lowest tables[].quality.coverage of the document, where tables carry one */
  lowestCoverage?: number;
  errors?: number;
  warnings?: number;
}

export interface ChartSeries {
  id: string;
  label: string;
}

export interface ChartPoint {
  department: string;
  year: number | null;
  kind: string | null;
  /** per series id, in 万元 */
  values: Record<string, number>;
}

const KIND_LABEL: Record<string, string> = { final: '决算', budget: '预算' };
const SERIES_COLOURS = ['#2563eb', '#ea580c', '#059669', '#7c3aed'];
const CHART_MAX_ROWS = 40;

function fmt(v: number): string {
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

function chartSvg(series: ChartSeries[], points: ChartPoint[]): string {
  if (!points.length) return '<p>数据集中没有主要合计数。</p>';
  const shown = [...points]
    .sort((a, b) => Math.max(...Object.values(b.values)) - Math.max(...Object.values(a.values)))
    .slice(0, CHART_MAX_ROWS)
    .sort((a, b) => a.department.localeCompare(b.department, 'zh') || (a.year ?? 0) - (b.year ?? 0));
  const max = Math.max(1, ...shown.flatMap((p) => Object.values(p.values)));
  const labelW = 260;
  const barW = 560;
  const bar = 9;
  const rowH = series.length * bar + 8;
  const top = 22;
  const height = top + shown.length * rowH + 10;
  const out: string[] = [];
  series.forEach((s, k) => {
    out.push(`<rect x="${labelW + k * 130}" y="4" width="10" height="10" fill="${SERIES_COLOURS[k % SERIES_COLOURS.length]}"/><text x="${labelW + k * 130 + 14}" y="13">${esc(s.label)}（万元）</text>`);
  });
  shown.forEach((p, i) => {
    const y = top + i * rowH;
    const name = `${p.department} ${p.year ?? ''}${p.kind ? KIND_LABEL[p.kind] ?? p.kind : ''}`;
    out.push(`<text x="${labelW - 6}" y="${y + rowH / 2 + 3}" text-anchor="end">${esc(name)}</text>`);
    series.forEach((s, k) => {
      const v = p.values[s.id];
      if (v === undefined) return;
      const w = Math.max(1, (v / max) * barW);
      out.push(
        `<rect class="bar" data-series="${esc(s.id)}" x="${labelW}" y="${y + 4 + k * bar}" width="${w.toFixed(1)}" height="${bar - 1}" fill="${SERIES_COLOURS[k % SERIES_COLOURS.length]}"><title>${esc(name)} ${esc(s.label)} ${fmt(v)} 万元</title></rect>` +
          `<text x="${labelW + w + 4}" y="${y + 4 + k * bar + bar - 2}">${fmt(v)}</text>`,
      );
    });
  });
  const note = points.length > shown.length ? `<p>只画出合计最大的 ${shown.length} 个（共 ${points.length} 个）。</p>` : '';
  return `<svg viewBox="0 0 ${labelW + barW + 90} ${height}" role="img" aria-label="主要合计数">${out.join('')}</svg>${note}`;
}

export function indexHtml(rows: IndexRow[], chart: { series: ChartSeries[]; points: ChartPoint[] }, meta: { title: string }): string {
  const errDocs = rows.filter((r) => (r.errors ?? 0) > 0).length;
  const failed = rows.filter((r) => r.status === 'failed').length;
  const num = (v: number | null | undefined, text?: string) => `<td class="num" data-v="${v ?? ''}">${esc(text ?? (v === undefined || v === null ? '—' : String(v)))}</td>`;
  const body = rows
    .map((r) => {
      const name = r.href ? `<a href="${esc(r.href)}">${esc(r.file)}</a>` : esc(r.file);
      const cov = r.lowestCoverage;
      return (
        `<tr class="${r.status}" data-errors="${r.errors ?? 0}" data-file="${esc(r.file)}">` +
        `<td>${esc(r.department ?? '—')}</td>${num(r.year)}<td>${esc(r.kind ? KIND_LABEL[r.kind] ?? r.kind : '—')}</td>` +
        `<td>${name}${r.status === 'failed' ? ` <span class="bad">失败</span> ${esc(r.reason ?? '')}` : ''}</td>` +
        num(r.pages) +
        `<td class="num" data-v="${r.tablesWithData ?? ''}" title="${esc((r.tableKinds ?? []).join(' '))}">${r.tables === undefined ? '—' : `${r.tablesWithData}/${r.tables}`}</td>` +
        num(r.facts) +
        num(cov, cov === undefined ? '—' : `${(cov * 100).toFixed(1)}%`) +
        `<td class="num${(r.errors ?? 0) > 0 ? ' bad' : ''}" data-v="${r.errors ?? ''}">${r.errors ?? '—'}</td>` +
        `<td class="num${(r.warnings ?? 0) > 0 ? ' warn' : ''}" data-v="${r.warnings ?? ''}">${r.warnings ?? '—'}</td></tr>`
      );
    })
    .join('');
  const head = [['部门'], ['年度', 1], ['类型'], ['文件'], ['页数', 1], ['有数据的表', 1], ['数值', 1], ['最低覆盖率', 1], ['错误', 1], ['警告', 1]]
    .map(([h, n]) => `<th${n ? ' data-num' : ''}>${h}</th>`)
    .join('');
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(meta.title)} · yjsgk</title><style>${REVIEW_CSS}${INDEX_CSS}</style></head><body>` +
    `<header><h1>${esc(meta.title)}</h1><div class="ident"><span>文件 ${rows.length}</span><span>失败 ${failed}</span><span>有错误的文件 ${errDocs}</span></div></header>` +
    `<main class="index"><div class="chart"><h2>主要合计数（按部门、年度）</h2>${chartSvg(chart.series, chart.points)}</div>` +
    `<div class="controls"><input type="search" id="q" placeholder="筛选：部门、年度、文件…"><label><input type="checkbox" id="only-errors"> 只看有错误的</label><span>显示 <b id="shown">${rows.length}</b> / ${rows.length}</span><span class="hint">点击表头排序</span></div>` +
    `<table class="docs"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></main>` +
    `<script>${INDEX_JS}</script></body></html>\n`
  );
}
