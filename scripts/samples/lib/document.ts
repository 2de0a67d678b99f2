/**
 * Lays out the whole disclosure: cover, 目录, 第一部分 概况, 第二部分 the ten tables,
 * 第三部分 情况说明, 第四部分 名词解释, 第五部分 附件 (the 项目支出绩效自评表 forms).
 */
import { formGrid } from './forms.js';
import { flowGrid } from './grid.js';
import { baselineIn, DocBuilder, type Measure, type PageModel } from './layout.js';
import { tableLayout } from './tables.js';
import { normalizeName } from './text.js';
import type { Paragraph, SeedData, SeedForm } from './types.js';

export interface TablePlacement {
  kind: string;
  label: string;
  title: string;
  unit: string;
  pages: number[];
  empty: boolean;
}

export interface FormPlacement {
  form: SeedForm;
  /** Row key of its performance_evaluation facts. */
  key: string;
  pages: number[];
}

export interface Layout {
  pages: PageModel[];
  tables: TablePlacement[];
  forms: FormPlacement[];
  /** Row keys that had to be disambiguated (two forms with the same project name). */
  duplicateKeys: string[];
  toc: { text: string; page: number; level: number }[];
}

const BODY = 10.5;

export function layoutDocument(data: SeedData, measure: Measure): Layout {
  const b = new DocBuilder(measure);
  const toc: Layout['toc'] = [];

  // cover + 目录 come first but are filled in at the end, when page numbers are known
  const cover = b.newPage();
  const tocPage = b.newPage();

  const part = (title: string): void => {
    b.newPage();
    toc.push({ text: title, page: b.pageNumber, level: 0 });
    b.y += 8;
    b.paragraph(title, { size: 16, bold: true, align: 'center', leading: 1.5, spaceAfter: 14 });
  };
  const paragraphs = (ps: Paragraph[]): void => {
    for (const p of ps) {
      if (p.heading === 2) b.paragraph(p.text, { size: 12, bold: true, leading: 1.7, spaceBefore: 6, keepWithNext: 40 });
      else if (p.heading === 3) b.paragraph(p.text, { size: BODY, bold: true, leading: 1.7, firstIndent: 2 * BODY, keepWithNext: 30 });
      else b.paragraph(p.text, { size: BODY, leading: 1.75, firstIndent: 2 * BODY });
    }
  };

  part('第一部分 概况');
  paragraphs(data.overview);

  part(`第二部分 ${data.document.year}年部门决算表`);
  const tables: TablePlacement[] = [];
  for (const t of data.tables) {
    const { landscape, grid } = tableLayout(t);
    b.newPage(landscape);
    const first = b.pageNumber;
    toc.push({ text: `${t.title}（${t.label}）`, page: first, level: 1 });
    b.paragraph(t.title, { size: 15, bold: true, align: 'center', leading: 1.5 });
    b.paragraph(t.label, { size: 9, align: 'right', leading: 1.4 });
    const base = baselineIn(b.y, 14, 9);
    b.placed(`${t.nameLabel}：${data.document.department}`, b.left, b.right, base, 9, 'left');
    b.placed(`${data.document.year}年度`, b.left, b.right, base, 9, 'center');
    b.placed(`${t.unitLabel}：${t.unit}`, b.left, b.right, base, 9, 'right');
    b.y += 18;
    const res = flowGrid(b, grid);
    b.y += 4;
    b.paragraph(t.note, { size: 8.5, leading: 1.5 });
    if (t.emptyNote) b.paragraph(t.emptyNote, { size: 9, leading: 1.6, spaceBefore: 4 });
    const hasFacts = [...grid.header, ...grid.body].some((r) => r.cells.some((cell) => cell.fact));
    tables.push({
      kind: t.kind,
      label: t.label,
      title: t.title,
      unit: t.unit,
      pages: [...new Set([first, ...res.pages, b.pageNumber])],
      empty: !hasFacts,
    });
  }

  part('第三部分 情况说明');
  paragraphs(data.explanation);
  part('第四部分 名词解释');
  paragraphs(data.glossary);

  part('第五部分 附件');
  const seen = new Map<string, number>();
  const duplicateKeys: string[] = [];
  const forms: FormPlacement[] = [];
  data.forms.forEach((form, i) => {
    let key = normalizeName(form.project);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) {
      duplicateKeys.push(key);
      key = `${key}#${n}`;
    }
    // a form starts on a fresh page unless at least a third of the page is left
    if (i > 0 && b.remaining < 170) b.newPage();
    else if (i > 0) b.y += 22;
    const first = b.pageNumber;
    if (form.layout === 'a') {
      b.paragraph(form.title, { size: 12, bold: true, align: 'center', leading: 1.5, keepWithNext: 120 });
      b.paragraph(form.yearLine, { size: 9, align: 'center', leading: 1.5 });
    } else {
      b.paragraph(form.heading[0], { size: 10, leading: 1.5, keepWithNext: 140 });
      for (const h of form.heading.slice(1)) b.paragraph(h, { size: 12, bold: true, align: 'center', leading: 1.6 });
    }
    const start = b.pageNumber;
    const res = flowGrid(b, formGrid(form, key));
    if (form.layout === 'a' && form.remarks.length) {
      b.y += 4;
      for (const r of form.remarks) b.paragraph(r, { size: 7.5, leading: 1.5 });
    }
    forms.push({ form, key, pages: [...new Set([first, start, ...res.pages, b.pageNumber])].sort((x, y) => x - y) });
  });

  drawCover(b, cover, data);
  drawToc(b, tocPage, toc);
  b.pages.forEach((p, i) => {
    if (i === 0) return; // no folio on the cover
    p.folio = `- ${i + 1} -`;
    p.ops.push({ kind: 'text', x: (p.width - measure.width(p.folio, 9)) / 2, y: p.height - 28, text: p.folio, size: 9, bold: false });
  });
  return { pages: b.pages, tables, forms, duplicateKeys, toc };
}

function drawCover(b: DocBuilder, page: PageModel, data: SeedData): void {
  const mid = page.width / 2;
  const put = (text: string, y: number, size: number, bold = true): void => {
    const w = b.measure.width(text, size, bold);
    page.ops.push({ kind: 'text', x: mid - w / 2, y, text, size, bold });
  };
  put(data.document.department, 300, 26);
  put(data.document.title, 360, 22);
}

function drawToc(b: DocBuilder, page: PageModel, toc: Layout['toc']): void {
  const ops = page.ops;
  const titleW = b.measure.width('目  录', 18, true);
  ops.push({ kind: 'text', x: (page.width - titleW) / 2, y: 110, text: '目  录', size: 18, bold: true });
  let y = 160;
  for (const e of toc) {
    const size = e.level === 0 ? 11.5 : 10.5;
    const x = 80 + e.level * 24;
    const num = String(e.page);
    const right = page.width - 80;
    const tw = b.measure.width(e.text, size, e.level === 0);
    const nw = b.measure.width(num, size);
    ops.push({ kind: 'text', x, y, text: e.text, size, bold: e.level === 0 });
    // leader dots between the entry and its page number
    const dotW = b.measure.width('.', size);
    const n = Math.max(2, Math.floor((right - nw - 6 - (x + tw + 6)) / dotW));
    ops.push({ kind: 'text', x: right - nw - 6 - n * dotW, y, text: '.'.repeat(n), size, bold: false });
    ops.push({ kind: 'text', x: right - nw, y, text: num, size, bold: false });
    y += e.level === 0 ? 26 : 21;
  }
}
