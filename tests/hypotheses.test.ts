/**
 * Builder hypotheses: a page whose rulings are partial is read by alignment too, and keeps that reading where it
 * makes more of its printed amounts facts without breaking identities. The layout here is a common office one:
 * the seed's tables printed by Chromium with the column rules and the frame's top and bottom drawn, but no rule
 * between the rows (a spreadsheet with column borders only). Read by its rulings alone, each table is one tall row
 * per column and nearly nothing becomes a fact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Extraction } from '../src/model/schema.js';
import ExcelJS from 'exceljs';
import { RENDITIONS, documentHtml, loadSeed, printHtml, sofficePdf, truthOf, workbook } from '../scripts/samples/producers.js';
import { score, type Truth } from './helpers/score.js';
import { hasTool } from './helpers/tools.js';

const HAS_CHROMIUM = hasTool('chromium', ['--version']);
const HAS_CALC = hasTool('soffice', ['--version']);
const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-hyp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Column rules and the frame's top and bottom only: no rule between two rows of the body. */
const COLUMN_RULES = `<style>
td { border-top: none !important; border-bottom: none !important; }
table[border="1"] { border-top: 0.75pt solid #000 !important; border-bottom: 0.75pt solid #000 !important; }
</style></head>`;

describe.skipIf(!HAS_CHROMIUM)('a ruled frame with column rules and no row rules (Chromium)', () => {
  let pdf: string;
  let truth: Truth;
  let doc: Extraction;
  beforeAll(async () => {
    const data = loadSeed();
    const r = RENDITIONS.find((x) => x.name === 'chromium-ruled')!;
    pdf = printHtml(documentHtml(data, r).replace('</head>', COLUMN_RULES), 'chromium', dir, 'column-rules');
    truth = truthOf(data, r) as unknown as Truth;
    doc = await extract(pdf);
  }, 600_000);

  it('gives the seed tables\' facts (recall and precision ≥ 0.995), each table complete', () => {
    const tablesOnly = { ...truth, facts: truth.facts.filter((f) => f.table !== 'performance_evaluation'), tables: truth.tables.filter((t) => t !== 'performance_evaluation') };
    const s = score({ tables: doc.tables, facts: doc.facts.filter((f) => f.table !== 'performance_evaluation') }, tablesOnly);
    expect(s.recall, s.misses.slice(0, 20).join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(s.precision, s.wrong.slice(0, 20).join('\n')).toBeGreaterThanOrEqual(0.995);
    for (const t of doc.tables.filter((x) => x.quality && x.quality.tokens > 0 && x.kind !== 'performance_evaluation')) {
      expect(t.quality!.coverage, t.kind).toBe(1);
    }
  });

  it('says which pages were read by alignment rather than by their rulings', () => {
    const noted = doc.tables.filter((t) => (t.notes ?? []).some((n) => /read by alignment without the rulings/.test(n)));
    expect(noted.map((t) => t.kind)).toEqual(expect.arrayContaining(['income', 'expenditure', 'general_budget']));
    expect(noted.every((t) => t.method === 'stream')).toBe(true);
  });

  it('read by its rulings alone, most of those amounts are lost (what the hypotheses recover)', async () => {
    const once = await extract(pdf, { hypotheses: false, validate: false });
    const income = once.tables.find((t) => t.kind === 'income')!;
    expect(income.quality!.coverage).toBeLessThan(0.5);
  }, 600_000);
});

/** The tables' cells bordered left and right, with a rule under every fifth sheet row only (rows ruled in groups). */
async function groupRuled(data: ReturnType<typeof loadSeed>): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const bytes = await workbook(data, true);
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const thin = { style: 'thin' as const };
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    if (c.border?.top) c.border = { left: thin, right: thin, ...(Number(c.row) % 5 === 0 ? { bottom: thin } : {}) };
  })));
  return wb;
}

describe.skipIf(!HAS_CALC)('rows ruled in groups of five, columns ruled (LibreOffice Calc)', () => {
  let pdf: string;
  let truth: Truth;
  let doc: Extraction;
  beforeAll(async () => {
    const data = loadSeed();
    const xlsx = path.join(dir, 'group-rules.xlsx');
    await (await groupRuled(data)).xlsx.writeFile(xlsx);
    const profile = mkdtempSync(path.join(tmpdir(), 'yjsgk-hyp-lo-'));
    try {
      sofficePdf(profile, xlsx, dir);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    pdf = path.join(dir, 'group-rules.pdf');
    truth = truthOf(data, RENDITIONS.find((x) => x.name === 'calc-ruled')!) as unknown as Truth;
    doc = await extract(pdf);
  }, 600_000);

  it('gives the seed tables\' facts under their keys (recall and precision ≥ 0.995), no table split off as other:', () => {
    const s = score(doc, truth);
    expect(s.recall, s.misses.slice(0, 20).join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(s.precision, s.wrong.slice(0, 20).join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(doc.tables.filter((t) => t.kind.startsWith('other:')).map((t) => t.kind)).toEqual([]);
  });

  it('read by its rulings alone, the amounts of 公开02表 land in a table of their own, unkeyed', async () => {
    const once = await extract(pdf, { hypotheses: false, validate: false });
    expect(once.facts.filter((f) => f.table === 'income')).toHaveLength(0);
  }, 600_000);
});
