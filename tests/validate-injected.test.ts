/**
 * Ten faults injected into a real 决算 (the ghzyj 2024 决算 of the shared corpus, copied at test time with qpdf
 * content-stream edits and a page move; nothing of it is committed): each kind of fault the soundness rules look
 * for is reported, and the clean original raises no error.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Issue } from '../src/model/schema.js';
import { injectFaults, type Edit } from './helpers/inject.js';
import { corpus, HAS_SHARED } from './helpers/shared.js';

const SRC = corpus('final', 'shanghai-putuo-ghzyj-2024-final.pdf');

/** The faults: what is changed in the document, and the issue that reports it. */
const FAULTS: { fault: string; edit?: Edit; reported: (i: Issue) => boolean }[] = [
  {
    fault: 'p.20 heading 第三部分 …2024年度部门决算 → 2023年度',
    edit: { page: 20, find: '2024', replace: '2023' },
    reported: (i) => i.rule === 'text.year' && i.page === 20 && i.printed === 2023,
  },
  {
    fault: 'p.28 截至2024年12月31日 → 截至2023年12月31日',
    edit: { page: 28, find: '2024', replace: '2023', line: '截至' },
    reported: (i) => i.rule === 'text.date' && i.page === 28 && i.printed === 2023,
  },
  {
    fault: 'p.17 三公 公务接待费 决算 (and 合计) 0.39 → 3.39, above its 预算 2.85',
    edit: { page: 17, find: '0.39', replace: '3.39', all: true },
    reported: (i) => i.rule === 'three_public.overspend' && i.refs.some((r) => r.row === 'actual' && r.column === 'reception'),
  },
  {
    fault: 'p.16 基本支出表 30201 办公费 84.62 → 846200.00 (a 元 figure in a 万元 table)',
    edit: { page: 16, find: '84.62', replace: '846200.00' },
    reported: (i) => i.rule === 'cell.magnitude' && i.refs[0].row === '30201',
  },
  {
    fault: 'p.20 本年收入合计 9746.50 → XX',
    edit: { page: 20, find: '9746.50', replace: 'XX' },
    reported: (i) => i.rule === 'text.placeholder' && i.page === 20 && i.message.includes('XX'),
  },
  {
    fault: 'p.20 基本支出 占 55.10% → 155.10%',
    edit: { page: 20, find: '55.10', replace: '155.10' },
    reported: (i) => i.rule === 'cell.percent' && i.printed === 155.1,
  },
  {
    fault: 'p.21 一般公共预算财政拨款支出 9746.50 → 0.00, still 比2023年度增加 1193.20',
    edit: { page: 21, find: '9746.50', replace: '0.00' },
    reported: (i) => i.rule === 'narrative.zero_change' && i.page === 21,
  },
  {
    fault: 'p.20 本年支出合计 9759.38 → 97593800.00 (the narrative in 元 under 万元)',
    edit: { page: 20, find: '9759.38', replace: '97593800.00' },
    reported: (i) => i.rule === 'unit.narrative' && i.printed === 97593800,
  },
  {
    fault: 'p.18 政府性基金表: its 说明 …故本表无数据 removed',
    edit: { page: 18, blankLine: '无数据' },
    reported: (i) => i.rule === 'table.blank' && i.refs[0].table === 'gov_fund',
  },
  {
    fault: 'pages 16 and 17 swapped: the 三公 table printed before the 基本支出 table',
    reported: (i) => i.rule === 'table.order' && i.refs.some((r) => r.table === 'general_budget_basic') && i.refs.some((r) => r.table === 'three_public'),
  },
];

describe.skipIf(!HAS_SHARED)('faults injected into a corpus 决算', () => {
  it('the clean original raises no error-level issue', async () => {
    const doc = await extract(SRC, { ocr: 'never' });
    expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('each of the 10 injected faults is reported (at least 9 of 10 required; all 10 are)', async () => {
    const order = Array.from({ length: 30 }, (_, i) => i + 1);
    [order[15], order[16]] = [17, 16];
    const file = injectFaults(SRC, FAULTS.flatMap((f) => (f.edit ? [f.edit] : [])), order);
    const doc = await extract(file, { ocr: 'never' });
    const found = FAULTS.filter((f) => doc.issues.some(f.reported)).map((f) => f.fault);
    expect(found.length).toBeGreaterThanOrEqual(9);
    expect(found).toEqual(FAULTS.map((f) => f.fault));
  });
});
