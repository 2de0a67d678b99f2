/**
 * Real 预算 layouts of other producers and provinces (../shared/corpus/budget, where it exists): every amount
 * printed on a table page becomes a fact (the reference check spec/coverage.py), and each family's layout gives
 * the facts a reader of the page sees.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { toJson } from '../src/export/index.js';
import type { Extraction } from '../src/model/schema.js';
import { hasTool } from './helpers/tools.js';
import { corpus, HAS_SHARED, SHARED } from './helpers/shared.js';

const HAS_COVERAGE = HAS_SHARED && hasTool('python3', ['--version']) && hasTool('pdftotext', ['-v']);

const cache = new Map<string, Promise<Extraction>>();
const read = (dir: string, stem: string) => {
  const key = `${dir}/${stem}`;
  if (!cache.has(key)) cache.set(key, extract(corpus(dir, `${stem}.pdf`), { ocr: 'never' }));
  return cache.get(key)!;
};
const fact = (doc: Extraction, table: string, row: string, column: string) =>
  doc.facts.find((f) => f.table === table && f.row === row && f.column === column);

/** Minimum coverage_all per document: 0.995, except where the reference check counts prose as a table page. */
const FLOOR: Record<string, number> = {
  // p.21 is prose under a one-row header grid (项目 | 预算数（单位：万元）| 绩效目标): coverage.py takes the unit in the
  // header for a table page and counts the six amounts of the prose above it
  'zhuhai-caizheng-2026-budget': 0.97,
};

describe.skipIf(!HAS_COVERAGE)('corpus: every printed amount of a table page is a fact (spec/coverage.py)', () => {
  const pdfs = HAS_SHARED
    ? ['budget', 'final'].flatMap((dir) => readdirSync(corpus(dir)).filter((f) => f.endsWith('.pdf')).map((f) => ({ dir, stem: f.slice(0, -4) })))
    : [];
  const out = mkdtempSync(path.join(tmpdir(), 'yjsgk-coverage-'));
  for (const { dir, stem } of pdfs) {
    const floor = FLOOR[stem] ?? 0.995;
    it(`${stem}: coverage_all ≥ ${floor}`, async () => {
      const doc = await read(dir, stem);
      const json = path.join(out, `${stem}.json`);
      writeFileSync(json, toJson(doc));
      const r = JSON.parse(execFileSync('python3', [path.join(SHARED, 'spec/coverage.py'), json, corpus(dir, `${stem}.pdf`)], { encoding: 'utf8' })) as {
        coverage_all: number; coverage: number; worst_pages: [number, number][];
      };
      expect(r.coverage_all, JSON.stringify(r)).toBeGreaterThanOrEqual(floor);
      expect(r.coverage, JSON.stringify(r)).toBeGreaterThanOrEqual(floor);
    });
  }
});

describe.skipIf(!HAS_SHARED)('corpus: the layouts of ten city families', () => {
  it('杭州: titles after a label (表1：2026年市级部门收支预算总表), a 三公 table with a row per subordinate unit', async () => {
    const doc = await read('budget', 'hangzhou-qixiang-2026-budget');
    expect(doc.tables.map((t) => t.kind)).toEqual(expect.arrayContaining([
      'budget_summary', 'budget_income', 'budget_expenditure', 'budget_fiscal_summary', 'budget_general', 'budget_general_basic',
      'budget_three_public', 'budget_gov_fund', 'budget_state_capital', 'budget_project', 'budget_performance_target',
    ]));
    expect(fact(doc, 'budget_summary', 'expenditure:科学技术支出', 'amount')).toMatchObject({ value: 28, unit: '万元', page: 15 });
    // the department's row keeps the plain key; each unit's row is keyed by the unit
    expect(fact(doc, 'budget_three_public', 'budget', 'total')?.value).toBe(24.02);
    expect(fact(doc, 'budget_three_public', 'budget:杭州市气象局', 'total')?.value).toBe(13.13);
    expect(fact(doc, 'budget_three_public', 'budget:杭州市气象服务中心(杭州市预警信息发布中心)', 'reception')?.value).toBe(0.09);
  });

  it('北京: tables-only file, the title inside the grid (预算01表 收支总表), six-decimal 万元, rows keyed by three classifications', async () => {
    const doc = await read('budget', 'beijing-junmin-2026-budget-tables');
    expect(doc.document.kind).toBe('budget');
    expect(doc.tables.find((t) => t.kind === 'budget_summary')).toMatchObject({ pages: [1, 2], unit: '万元' });
    expect(fact(doc, 'budget_summary', 'income:一般公共预算拨款收入', 'amount')?.value).toBe(9142.554971);
    expect(fact(doc, 'budget_summary', 'expenditure:支出总计', 'amount')?.value).toBe(9151.309668);
    // 支出功能分类科目 / 政府支出经济分类科目 / 部门支出经济分类科目 side by side
    expect(fact(doc, 'budget_expenditure', '2013601/50101/30101', 'total')?.value).toBe(151.992);
    expect(doc.tables.map((t) => t.kind)).toContain('budget_purchase_service');
  });

  it('北京: the narrative-only file gives no table', async () => {
    const doc = await read('budget', 'beijing-xinfang-2026-budget-narrative');
    expect(doc.tables).toEqual([]);
    expect(doc.facts).toEqual([]);
  });

  it('上海 万里 (元 with thousands separators): the expenditure side of the two-sided 总表 and a page holding only the 合计 row', async () => {
    const doc = await read('budget', 'shanghai-putuo-wanli-2025-budget');
    expect(fact(doc, 'budget_fiscal_summary', 'expenditure:一般公共服务支出', 'total')).toMatchObject({ value: 3296600, unit: '元' });
    expect(fact(doc, 'budget_fiscal_summary', 'expenditure:一般公共服务支出', 'general_budget')?.value).toBe(3296600);
    // p.18 prints only 合计 189,767,551 101,341,746 88,425,805 under the columns of p.17
    expect(fact(doc, 'budget_expenditure', 'total', 'total')).toMatchObject({ value: 189767551, page: 18 });
    expect(fact(doc, 'budget_expenditure', 'total', 'project')?.value).toBe(88425805);
  });

  it('西安 部门综合预算: 表N on its own line, titles wrapped over two lines, a row per subordinate unit keyed by the unit', async () => {
    const doc = await read('budget', 'xian-xuanchuan-2026-budget');
    expect(doc.tables.find((t) => t.kind === 'budget_general')).toMatchObject({ label: '表5', pages: [24, 25], unit: '元' });
    expect(fact(doc, 'budget_general', 'total', 'total')?.value).toBe(258596001.79);
    expect(fact(doc, 'budget_general', 'total', 'project')?.value).toBe(235421600);
    // (按支出经济分类科目) is a table of its own, not a continuation of the (按支出功能分类科目) one
    expect(doc.tables.find((t) => t.kind === 'budget_general_economic')?.label).toBe('表6');
    // 表6 prints 部门经济科目编码 | 名称 | 政府经济科目编码 | 名称 side by side: a row is keyed by both codes (was
    // 3010150101, two codes run together, and its amounts unkeyed)
    expect(fact(doc, 'budget_general_economic', '30101/50101', 'total')).toMatchObject({ value: 5041518.3, page: 26, rowLabel: '基本工资/工资奖金津补贴' });
    expect(fact(doc, 'budget_general_economic', '301', 'total')?.value).toBe(20790689.48);
    expect(doc.facts.filter((f) => f.table === 'budget_general_economic' && f.flags?.includes('unkeyed'))).toEqual([]);
    // a unit code (单位编码 201) is no 功能分类 code
    expect(doc.facts.filter((f) => f.table === 'budget_expenditure' && f.row === '201')).toEqual([]);
  });

  it('深圳: (按功能分类) and (按经济分类) are two tables; a 预算单位 column before the codes stays in the row group', async () => {
    const doc = await read('budget', 'shenzhen-xinfang-2026-budget');
    expect(doc.tables.find((t) => t.kind === 'budget_general')?.label).toBe('表7');
    expect(doc.tables.find((t) => t.kind === 'budget_general_economic')?.label).toBe('表8');
    expect(fact(doc, 'budget_general_economic', '301', 'total')?.value).toBe(2522.02);
    // 上年结余、结转 in a budget is this year's carried-over income
    expect(doc.facts.some((f) => f.table === 'budget_income' && f.column === 'carryover')).toBe(true);
  });

  it('重庆: decimals wrapped under their integers in narrow cells (14,770 over .62) read whole', async () => {
    const doc = await read('budget', 'chongqing-xuanchuan-2026-budget');
    expect(fact(doc, 'budget_general', '2070204', 'total')?.value).toBe(2803.29);
    expect(fact(doc, 'budget_income', 'total', 'total')?.value).toBe(45369.18);
  });

  it('江苏 政府采购预算表: a hierarchy over name columns keyed by its path, every subtotal kept, no key met twice', async () => {
    const doc = await read('budget', 'jiangsu-jcy-2019-budget');
    const p = doc.facts.filter((f) => f.table === 'budget_procurement');
    expect(p.find((f) => f.row === 'total')?.value).toBe(2744.84);
    expect(p.find((f) => f.row === '货物A')?.value).toBe(303.4);
    expect(p.find((f) => f.row === '货物A/办公、办案设备更新购置费/办公设备购置')?.value).toBe(131.4);
    expect(p.find((f) => f.row === '货物A/办公、办案设备更新购置费/办公设备购置/复印机/部门集中采购')?.value).toBe(8);
    expect(p.filter((f) => f.column.includes('#'))).toEqual([]);
  });

  it('长沙: an empty 政府性基金预算支出情况表 whose column-number row prints ** over the codes (** ** ** ** 1 2 3) is empty, no 1, 2, 3 facts', async () => {
    const cs = await read('budget', 'changsha-jiaoyu-2026-budget');
    expect(cs.tables.find((t) => t.kind === 'budget_gov_fund')).toMatchObject({ empty: true, pages: [21] });
    expect(cs.facts.filter((f) => f.table === 'budget_gov_fund')).toEqual([]);
  });

  it('烟台: 部门经济 and 政府经济 codes side by side key the 基本支出 rows by both (301/501, 30101/50101), none unkeyed', async () => {
    const yt = await read('budget', 'yantai-shenji-2026-budget');
    expect(yt.facts.find((f) => f.table === 'budget_general_basic' && f.row === '30101/50101' && f.column === 'personnel')?.printed).toBe('442.38');
    expect(yt.facts.filter((f) => f.table === 'budget_general_basic' && f.flags?.includes('unkeyed'))).toEqual([]);
  });

  it('烟台, 西安, 深圳: a 三公 table printing last year beside this year gives this year\'s figures under the 预算数 keys', async () => {
    // 烟台: 2025年预算数 | 2026年预算数 column blocks (the narrative: 2026年 … "三公"经费预算共3.4万元)
    const yt = await read('budget', 'yantai-shenji-2026-budget');
    expect(fact(yt, 'budget_three_public', 'budget', 'total')?.value).toBe(3.4);
    expect(fact(yt, 'budget_three_public', 'prev_budget', 'total')?.value).toBe(11.9);
    // 西安: 2020年 | 2021年 | 增减变化情况 blocks, each with 会议费 and 培训费 beside the 三公 items (in 元)
    const xa = await read('budget', 'xian-xuanchuan-2026-budget');
    expect(fact(xa, 'budget_three_public', 'budget', 'total')?.value).toBe(65100);
    expect(fact(xa, 'budget_three_public', 'budget', 'grand_total')?.value).toBe(1171100);
    expect(fact(xa, 'budget_three_public', 'prev_budget', 'total')?.value).toBe(160000);
    expect(fact(xa, 'budget_three_public', 'change', 'total')?.value).toBe(-94900);
    // 深圳: a row per year (年度: 2025 年 | 2026 年 | 增减变化金额), each item split by source of money
    const sz = await read('budget', 'shenzhen-xinfang-2026-budget');
    const three = sz.facts.filter((f) => f.table === 'budget_three_public');
    expect(three.find((f) => f.row === 'budget' && f.column === 'total')?.printed).toBe('5.58');
    expect(three.find((f) => f.row === 'budget' && f.column === 'vehicle_operation')?.printed).toBe('2.60');
    expect(three.filter((f) => f.row === 'budget' && f.column === 'total_gov_fund')).toHaveLength(1);
    expect(three.filter((f) => /#\d$/.test(f.column))).toEqual([]);
  });

  it('广州, 珠海: the 三公 items in the rows beside 行政经费, the 合计 and each source of money in the columns', async () => {
    const gz = await read('budget', 'guangzhou-xinfang-2026-budget');
    // (its narrative: 2026年本部门财政拨款安排“三公”经费4.8万元)
    expect(fact(gz, 'budget_three_public', 'budget', 'total')?.value).toBe(4.8);
    expect(fact(gz, 'budget_three_public', 'budget', 'reception')?.value).toBe(2.3);
    expect(fact(gz, 'budget_three_public', 'budget', 'vehicle_operation')?.value).toBe(2.5);
    expect(fact(gz, 'budget_three_public', 'budget', '行政经费')?.value).toBe(444.39);
    const zh = await read('budget', 'zhuhai-caizheng-2026-budget');
    expect(zh.facts.filter((f) => f.table === 'budget_three_public' && (f.row !== 'budget' || /#\d$/.test(f.column)))).toEqual([]);
  });

  it('深圳 支出总表: the 政府采购 amounts reserved for small firms (预留给中小企业) are no 预留 (reserve) column', async () => {
    const sz = await read('budget', 'shenzhen-xinfang-2026-budget');
    expect(sz.facts.filter((f) => f.table === 'budget_expenditure' && f.column.startsWith('reserve'))).toEqual([]);
    const js = await read('budget', 'jiangsu-jcy-2019-budget');
    expect(fact(js, 'budget_expenditure', 'total', 'reserve')?.value).toBe(3990.4);
  });

  it('烟台, 广州: tables split by source of money key each source (财政拨款 / 一般公共预算 → general_budget), 其中：基本支出 is basic', async () => {
    const yt = await read('budget', 'yantai-shenji-2026-budget');
    const cols = (doc: Extraction, kind: string) => doc.tables.find((t) => t.kind === kind)?.columns?.map((c) => c.key);
    expect(cols(yt, 'budget_basic')).toEqual(expect.arrayContaining(['total', 'fiscal', 'general_budget', 'gov_fund', 'fiscal_special', 'unit_funds', 'nonfiscal_balance', 'carryover']));
    const gz = await read('budget', 'guangzhou-xinfang-2026-budget');
    expect(cols(gz, 'budget_general')).toEqual(['total', 'basic', 'project']);
    expect(cols(gz, 'budget_gov_fund')).toEqual(['total', 'basic', 'project']);
    const sz = await read('budget', 'shenzhen-xinfang-2026-budget');
    expect(cols(sz, 'budget_gov_fund')).toEqual(['total', 'basic', 'project']);
  });

  it('北京 收入总表: 本年收入 / 小计 and each source of the carry-over (上年结转结余 / 一般公共预算资金) under keys of their own', async () => {
    const doc = await read('budget', 'beijing-junmin-2026-budget-tables');
    expect(fact(doc, 'budget_income', '015', 'total')?.value).toBe(9151.309668);
    expect(fact(doc, 'budget_income', '015', 'current_total')?.value).toBe(9142.554971);
    expect(fact(doc, 'budget_income', '015', 'carryover_general_budget')?.value).toBe(8.754697);
    expect(fact(doc, 'budget_general', 'total', 'project')?.value).toBe(7077.05625);
  });

  it('长沙, 烟台: amounts written inside the text of 绩效目标 cells are facts flagged in_text, with their printed unit', async () => {
    const yt = await read('budget', 'yantai-shenji-2026-budget');
    expect(yt.facts.find((f) => f.printed === '1.07' && f.flags?.includes('in_text'))).toMatchObject({ table: 'budget_performance_target', value: 1.07, unit: '亿元', page: 32 });
    const cs = await read('budget', 'changsha-jiaoyu-2026-budget');
    expect(cs.facts.some((f) => f.printed === '0.5' && f.flags?.includes('in_text') && f.page === 25)).toBe(true);
  });

  it('广州, 珠海, 烟台, 长沙, 湖州: titles in other words (收支总体情况表, 基本支出预算情况表, 项目支出绩效表) classified', async () => {
    const expectKinds = async (stem: string, kinds: string[]) => expect((await read('budget', stem)).tables.map((t) => t.kind)).toEqual(expect.arrayContaining(kinds));
    const core = ['budget_summary', 'budget_income', 'budget_expenditure', 'budget_fiscal_summary', 'budget_general', 'budget_general_basic', 'budget_three_public', 'budget_gov_fund'];
    await expectKinds('guangzhou-xinfang-2026-budget', [...core, 'budget_basic', 'budget_project', 'budget_general_economic']);
    await expectKinds('zhuhai-caizheng-2026-budget', [...core, 'budget_basic', 'budget_project']);
    await expectKinds('yantai-shenji-2026-budget', [...core, 'budget_basic', 'budget_project', 'budget_procurement', 'budget_performance_target']);
    await expectKinds('changsha-jiaoyu-2026-budget', [...core, 'budget_performance_target']);
    await expectKinds('huzhou-tuiyi-2026-budget', [...core, 'budget_project', 'budget_performance_target']);
    // 部门预算项目支出及其他支出预算表 is the project table, not a second 支出预算表
    const gz = await read('budget', 'guangzhou-xinfang-2026-budget');
    expect(gz.tables.find((t) => t.kind === 'budget_project')?.label).toBe('表12');
    expect(gz.tables.find((t) => t.kind === 'budget_expenditure')?.pages).toEqual([8]);
  });
});
