/**
 * Builds the project's sample inputs from scripts/samples/seed-data.json (the parsed seed text of
 * 汾阳市公安局 2024年度单位决算公开, see parse-seed.ts):
 *
 *   samples/fenyang-2024-final.pdf               cover, 目录, 概况, 公开01–10表 (ruled grids), 情况说明,
 *                                                名词解释, 附件 with all 项目支出绩效自评表 forms
 *   samples/fenyang-2024-final.truth.json        facts (tables + forms) with the page each is printed on
 *   samples/fenyang-2024-final.forms.json        machine-readable content of every form
 *   samples/fenyang-2024-final-borderless.pdf    the same document, the ten tables without rulings
 *   samples/fenyang-2024-final-borderless.truth.json
 *   samples/fenyang-2024-tables.xlsx             the ten tables as a department-style workbook
 *   samples/fenyang-2024-tables.truth.json
 *   samples/variants/<name>.pdf + .truth.json  the ten tables printed the way other producers print them, one
 *                                                layout feature per file (lib/variants.ts: shanghai-style,
 *                                                split-codes, yuan-thousands, excel-caption, wrapped-rows,
 *                                                two-per-page, rotated, thin-rect-borders, code-in-name)
 *
 *   npx tsx scripts/samples/make-samples.ts      (or: npm run samples)
 *
 * Output is deterministic (fixed dates and ids), so regenerating does not churn git.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { arithmeticNotes, type Fact, formNotes } from './lib/checks.js';
import { type Layout, layoutDocument } from './lib/document.js';
import type { Measure, PageModel } from './lib/layout.js';
import { createMeasure, type Fonts, findFonts, renderPdf } from './lib/render.js';
import { gridFacts, tableLayout } from './lib/tables.js';
import { parseValue } from './lib/text.js';
import type { SeedData, SeedForm } from './lib/types.js';
import { VARIANTS } from './lib/variants.js';
import { addTableSheet, fixZipTimes } from './lib/xlsx.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const OUT_DIR = path.join(ROOT, 'samples');
const DATE = new Date('2025-06-30T09:00:00+08:00');

export const FILES = {
  pdf: 'fenyang-2024-final.pdf',
  truth: 'fenyang-2024-final.truth.json',
  forms: 'fenyang-2024-final.forms.json',
  borderless: 'fenyang-2024-final-borderless.pdf',
  borderlessTruth: 'fenyang-2024-final-borderless.truth.json',
  xlsx: 'fenyang-2024-tables.xlsx',
  xlsxTruth: 'fenyang-2024-tables.truth.json',
};

export function loadSeedData(): SeedData {
  return JSON.parse(fs.readFileSync(path.join(here, 'seed-data.json'), 'utf8')) as SeedData;
}

/** Facts in drawing order, each with the page its number is printed on. */
export function collectFacts(layout: { pages: PageModel[] }): Fact[] {
  const facts: Fact[] = [];
  const seen = new Set<string>();
  layout.pages.forEach((page, i) => {
    for (const op of page.ops) {
      if (op.kind !== 'text' || !op.fact) continue;
      const value = parseValue(op.text);
      if (value === null) throw new Error(`fact cell "${op.text}" is not a number`);
      const k = `${op.fact.table}|${op.fact.row}|${op.fact.column}`;
      if (seen.has(k)) throw new Error(`duplicate fact ${k}`);
      seen.add(k);
      facts.push({ ...op.fact, value, printed: op.text, page: i + 1 });
    }
  });
  return facts;
}

const num = (s: string): number | null => parseValue(s);

function formRecord(f: SeedForm, key: string, pages: number[]): Record<string, unknown> {
  const split = (s: string): { code: string | null; name: string } => {
    const m = /^(\d+)-(.+)$/u.exec(s);
    return m ? { code: m[1], name: m[2] } : { code: null, name: s };
  };
  const common = { index: f.index, layout: f.layout, project: f.project, row_key: key, pages, seed_line: f.seedLine };
  if (f.layout === 'a') {
    return {
      ...common,
      title: f.title,
      department: split(f.department),
      unit: { label: f.unitLabel, ...split(f.unit) },
      money: f.funds.map((r) => ({
        label: r.label,
        target: num(r.target),
        budget: num(r.budget),
        full_year: num(r.fullYear),
        executed: num(r.executed),
        balance: num(r.balance),
        execution_rate: num(r.rate),
        score: num(r.score),
      })),
      goal: f.goal,
      actual: f.actual,
      indicators: f.indicators.map((r) => ({
        level1: r.level1,
        level2: r.level2,
        level3: r.level3,
        initial: r.initial,
        adjusted: r.adjusted,
        actual: r.actual,
        points: num(r.points),
        score: num(r.score),
        reason: r.reason,
      })),
      total: { score: num(f.total.score) },
      grade: f.total.grade || null,
      analysis: f.analysis,
      remarks: f.remarks,
    };
  }
  return {
    ...common,
    heading: f.heading,
    department: split(f.department),
    unit: { label: f.unitLabel, ...split(f.unit) },
    money_weight: num(f.fundsWeight),
    money: f.funds.map((r) => ({
      label: r.label,
      initial: num(r.initial),
      full_year: num(r.fullYear),
      executed: num(r.executed),
      points: num(r.points),
      execution_rate: num(r.rate),
      score: num(r.score),
    })),
    goal: f.goal,
    actual: f.actual,
    indicators: f.indicators.map((r) => ({
      level1: r.level1,
      weight: num(r.weight),
      level2: r.level2,
      level3: r.level3,
      target: r.target,
      actual: r.actual,
      points: num(r.points),
      score: num(r.score),
      reason: r.reason,
    })),
    total: f.total ? { points: num(f.total.points), score: num(f.total.score) } : null,
    grade: null,
  };
}

export interface Built {
  data: SeedData;
  layout: Layout;
  facts: Fact[];
  files: Record<string, Buffer>;
}

/** samples/variants/: each variant's PDF and its truth (facts with the page each is printed on). */
async function variantFiles(data: SeedData, fonts: Fonts, measure: Measure): Promise<Record<string, Buffer>> {
  const doc = data.document;
  const files: Record<string, Buffer> = {};
  for (const v of VARIANTS) {
    const layout = v.layout(data, measure);
    const facts = collectFacts(layout);
    const pdf = `${v.name}.pdf`;
    files[`variants/${pdf}`] = await renderPdf(layout.pages, fonts, {
      info: {
        Title: `${doc.department}${doc.year}年度部门决算表`,
        Author: doc.department,
        Subject: `${doc.year}年度部门决算`,
        Creator: `yjsgk scripts/samples/make-samples.ts (variant ${v.name})`,
      },
      date: DATE,
      ...(v.borders ? { borders: v.borders } : {}),
    });
    files[`variants/${v.name}.truth.json`] = json({
      file: pdf,
      variant: v.name,
      document: { department: doc.department, year: doc.year, kind: doc.kind },
      tables: layout.tables.map((t) => t.kind),
      table_details: layout.tables,
      facts: facts.map((f) => ({ table: f.table, row: f.row, column: f.column, value: f.value, unit: f.unit, page: f.page, printed: f.printed })),
      notes: [
        v.summary,
        'Generated by scripts/samples/make-samples.ts (lib/variants.ts) from scripts/samples/seed-data.json: the ten tables of the Fenyang sample with the same numbers and fact keys, printed differently; no forms.',
        ...arithmeticNotes(facts),
      ],
    });
  }
  return files;
}

export async function build(): Promise<Built> {
  const data = loadSeedData();
  const fonts = findFonts();
  const measure = createMeasure(fonts);
  const layout = layoutDocument(data, measure);
  const facts = collectFacts(layout);
  const doc = data.document;
  const info = {
    Title: `${doc.department}${doc.title}`,
    Author: doc.department,
    Subject: `${doc.year}年度部门决算`,
    Keywords: '部门决算公开,收入支出决算总表,项目支出绩效自评表',
    Creator: 'yjsgk scripts/samples/make-samples.ts',
  };
  const pdf = await renderPdf(layout.pages, fonts, { info, date: DATE });
  const borderless = await renderPdf(layout.pages, fonts, { info, date: DATE, skipLineGroups: ['table'] });

  const tableFacts = facts.filter((f) => f.table !== 'performance_evaluation');
  const tableNotes = [
    'Generated by scripts/samples/make-samples.ts from scripts/samples/seed-data.json (parsed from ../shared/seed/000_3d262858df1b1b5e.txt by parse-seed.ts); every number is kept as the seed prints it.',
    ...arithmeticNotes(tableFacts),
  ];
  const notes = [
    ...tableNotes,
    ...data.decisions,
    ...formNotes(data.forms),
    ...(layout.duplicateKeys.length
      ? [`Forms sharing a project name get row keys with a "#n" suffix in document order: ${layout.duplicateKeys.join(', ')}`]
      : ['No two forms share a normalised project name, so every performance_evaluation row key is the plain normalised 项目名称.']),
    'performance_evaluation facts: layout (a) forms take budget_initial (预算编制数), budget_full_year, executed and execution_rate from the 资金总额 row; layout (b) forms from the 年度资金总额 row; score_total is the 总分 得分.',
  ];
  const tableDetails = layout.tables.map((t) => ({ kind: t.kind, label: t.label, title: t.title, pages: t.pages, unit: t.unit, empty: t.empty }));
  const kinds = [...layout.tables.map((t) => t.kind), 'performance_evaluation'];
  const truth = (file: string, withPages: boolean, list: Fact[], tables: string[], noteList: string[]): Buffer =>
    json({
      file,
      document: { department: doc.department, year: doc.year, kind: doc.kind },
      tables,
      table_details: withPages ? [...tableDetails, { kind: 'performance_evaluation', label: '附件', title: '项目支出绩效自评表', pages: [...new Set(layout.forms.flatMap((f) => f.pages))], unit: '万元', empty: false }] : tableDetails.map(({ pages: _p, ...rest }) => rest),
      facts: list.map((f) => ({
        table: f.table,
        row: f.row,
        column: f.column,
        value: f.value,
        unit: f.unit,
        ...(withPages ? { page: f.page } : {}),
        printed: f.printed,
      })),
      notes: noteList,
    });

  const wb = new ExcelJS.Workbook();
  wb.creator = doc.department;
  wb.lastModifiedBy = doc.department;
  wb.created = DATE;
  wb.modified = DATE;
  for (const t of data.tables) addTableSheet(wb, t, tableLayout(t).grid, doc.department, doc.year);
  const xlsx = fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer()), DATE);
  const xlsxFacts: Fact[] = data.tables.flatMap((t) =>
    gridFacts(tableLayout(t).grid).map(({ fact, printed }) => ({ ...fact, value: parseValue(printed)!, printed })),
  );

  const files: Record<string, Buffer> = {
    [FILES.pdf]: pdf,
    [FILES.truth]: truth(FILES.pdf, true, facts, kinds, notes),
    [FILES.forms]: json({
      file: FILES.pdf,
      notes: data.decisions.filter((d) => d.startsWith('附件') || d.startsWith('Layout') || d.startsWith('Seed titles')),
      forms: layout.forms.map((p) => formRecord(p.form, p.key, p.pages)),
    }),
    [FILES.borderless]: borderless,
    [FILES.borderlessTruth]: truth(FILES.borderless, true, facts, kinds, [
      'Same layout and pages as fenyang-2024-final.pdf; the ten tables are drawn without any ruling lines (text in the same columns), the forms keep theirs.',
      ...notes,
    ]),
    [FILES.xlsx]: xlsx,
    [FILES.xlsxTruth]: truth(FILES.xlsx, false, xlsxFacts, layout.tables.map((t) => t.kind), tableNotes),
    ...(await variantFiles(data, fonts, measure)),
  };
  return { data, layout, facts, files };
}

function json(v: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(v, null, 1)}\n`);
}

function pageMap(built: Built): string[] {
  const lines: string[] = [];
  for (const t of built.layout.tables) lines.push(`  ${t.label} ${t.kind}: pages ${t.pages.join(',')}${t.empty ? ' (empty)' : ''}`);
  for (const f of built.layout.forms) lines.push(`  附件 ${f.form.index} [${f.form.layout}] ${f.form.project}: pages ${f.pages.join(',')}`);
  return lines;
}

async function main(): Promise<void> {
  const built = await build();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, buf] of Object.entries(built.files)) {
    fs.mkdirSync(path.dirname(path.join(OUT_DIR, name)), { recursive: true });
    fs.writeFileSync(path.join(OUT_DIR, name), buf);
    console.log(`wrote samples/${name} (${buf.length} bytes)`);
  }
  const counts = new Map<string, number>();
  for (const f of built.facts) counts.set(f.table, (counts.get(f.table) ?? 0) + 1);
  console.log(`${built.layout.pages.length} pages; facts: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (process.argv.includes('--pages')) console.log(pageMap(built).join('\n'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
