/**
 * The shared corpus (../shared/corpus), where it exists: the text-layer 决算 PDFs against their hand-checked
 * truth, and every 预算 PDF read without an error, listing the tables it contains.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { toJson } from '../src/export/index.js';
import { corpus, HAS_SHARED, SHARED } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const FINALS = ['shanghai-putuo-shgzb-2024-final', 'shanghai-putuo-ghzyj-2024-final'];

describe.skipIf(!HAS_SHARED)('corpus: text-layer 决算 PDFs against truth', () => {
  for (const stem of FINALS) {
    it(`${stem}: recall and precision ≥ 0.995, every table kind found, department and year from the cover`, async () => {
      const truth = JSON.parse(readFileSync(corpus('final', `${stem}.truth.json`), 'utf8')) as Truth & {
        document: { department: string; year: number; kind: string };
      };
      const doc = await extract(corpus('final', `${stem}.pdf`), { ocr: 'never' });
      const s = score(doc, truth);
      expect(s.misses).toEqual([]);
      expect(s.recall).toBeGreaterThanOrEqual(0.995);
      expect(s.precision).toBeGreaterThanOrEqual(0.995);
      expect(s.tableRecall).toBe(1);
      expect(doc.document).toMatchObject(truth.document);
      // the project's scorer agrees with the reference scorer
      const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-score-'));
      const out = path.join(dir, `${stem}.json`);
      writeFileSync(out, toJson(doc));
      let py = '';
      try {
        py = execFileSync('python3', [path.join(SHARED, 'spec/score.py'), out, corpus('final', `${stem}.truth.json`), '--json'], { encoding: 'utf8' });
      } catch {
        return; // no python3 here: the TS port alone decides
      }
      const ref = JSON.parse(py) as { recall: number; precision: number; table_recall: number };
      expect(ref.recall).toBeCloseTo(s.recall, 6);
      expect(ref.precision).toBeCloseTo(s.precision, 6);
    });
  }

  it('the 决算 template (no numbers) gives every table, all empty, and no facts', async () => {
    const doc = await extract(corpus('final', 'shanghai-putuo-template-final.pdf'), { ocr: 'never' });
    expect(doc.facts).toEqual([]);
    expect(doc.tables.map((t) => t.kind).sort()).toEqual(
      ['summary', 'income', 'expenditure', 'fiscal_summary', 'general_budget', 'general_budget_basic', 'three_public', 'gov_fund', 'state_capital'].sort(),
    );
    expect(doc.tables.every((t) => t.empty)).toBe(true);
  });

  it('the empty tables of a real 决算 are listed with empty: true', async () => {
    const doc = await extract(corpus('final', 'shanghai-putuo-shgzb-2024-final.pdf'), { ocr: 'never' });
    const empty = doc.tables.filter((t) => t.empty).map((t) => t.kind).sort();
    expect(empty).toEqual(['gov_fund', 'state_capital', 'three_public']);
  });
});

describe.skipIf(!HAS_SHARED)('corpus: 预算 PDFs from WPS, Word, Excel and Distiller', () => {
  const budgets = ['jiangsu-jcy-2019-budget', 'jiangsu-swbgt-2018-budget-tables', 'jiangsu-zxbgt-2019-budget-tables'];
  for (const stem of budgets) {
    it(`${stem}: a budget document whose standard tables are listed`, async () => {
      const doc = await extract(corpus('budget', `${stem}.pdf`), { ocr: 'never' });
      expect(doc.document.kind).toBe('budget');
      expect(doc.document.year).toBeGreaterThan(2010);
      const kinds = doc.tables.map((t) => t.kind);
      for (const k of ['budget_summary', 'budget_income', 'budget_expenditure', 'budget_fiscal_summary', 'budget_general', 'budget_general_basic', 'budget_three_public']) {
        expect(kinds).toContain(k);
      }
      // 收支预算总表: both sides carry their totals
      const sum = doc.facts.filter((f) => f.table === 'budget_summary');
      expect(sum.some((f) => f.row.startsWith('income:'))).toBe(true);
      expect(sum.some((f) => f.row.startsWith('expenditure:'))).toBe(true);
    });
  }

  it('shanghai budget (WPS 表格, amounts in 元, codes split over 类/款/项 columns) gives joined codes', async () => {
    const doc = await extract(corpus('budget', 'shanghai-putuo-dept-2025-budget.pdf'), { ocr: 'never' });
    expect(doc.document).toMatchObject({ department: '上海市普陀区司法局', kind: 'budget' });
    const income = doc.facts.filter((x) => x.table === 'budget_income');
    expect(income.find((x) => x.row === '2040601' && x.column === 'total')).toMatchObject({ value: 16726725.44, unit: '元' });
    expect(income.find((x) => x.row === '20406' && x.column === 'fiscal')?.value).toBe(87267272.44);
    // a number that touches the next cell of the two-sided summary stays in its own cell
    const sum = doc.facts.filter((x) => x.table === 'budget_summary');
    expect(sum.find((x) => x.row === 'income:财政拨款收入')?.value).toBe(96282213.44);
    expect(sum.find((x) => x.row === 'expenditure:公共安全支出')?.value).toBe(87267272.44);
    const kinds = doc.tables.map((t) => t.kind);
    for (const k of ['budget_summary', 'budget_income', 'budget_expenditure', 'budget_fiscal_summary', 'budget_general', 'budget_general_basic', 'budget_three_public']) {
      expect(kinds).toContain(k);
    }
  });

  it('shanghai budget: its blank page 3 is not sent to OCR (the document reads even without Chinese OCR data)', async () => {
    const doc = await extract(corpus('budget', 'shanghai-putuo-dept-2025-budget.pdf'), { ocr: 'auto', tessdata: '/nonexistent-tessdata' });
    expect(doc.pages.find((p) => p.page === 3)?.source).toBe('blank');
    expect(doc.document.ocrPages).toBeUndefined();
  });

  it('jiangsu-zxbgt: 一般公共预算支出预算表 gives function codes with their amounts', async () => {
    const doc = await extract(corpus('budget', 'jiangsu-zxbgt-2019-budget-tables.pdf'), { ocr: 'never' });
    const f = doc.facts.filter((x) => x.table === 'budget_general');
    expect(f.find((x) => x.row === 'total')?.value).toBe(13297.11);
    expect(f.find((x) => x.row === '201')?.value).toBe(10191.56);
    expect(doc.document.department).toBe('江苏省政协办公厅');
    // the 公开0X表 label printed on its own line above the title
    expect(doc.tables.find((t) => t.kind === 'budget_summary')?.label).toBe('公开01表');
    expect(doc.tables.find((t) => t.kind === 'budget_three_public')?.label).toBe('公开09表');
    // 三公经费、会议费、培训费支出预算表: the 三公 小计 is the three_public total, not the 合计 with 会议费 and 培训费
    const tp = doc.facts.filter((x) => x.table === 'budget_three_public' && x.row === 'budget');
    expect(tp.find((x) => x.column === 'total')?.value).toBe(660.1);
    expect(tp.find((x) => x.column === 'grand_total')?.value).toBe(2224.43);
  });
});
