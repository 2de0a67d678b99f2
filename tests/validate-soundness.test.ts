/**
 * The soundness rules (single cells, units, 三公 execution, blank tables, placeholders, years and dates in the
 * prose, the narrative's self-contradictions, income against expenditure by code, table order and the 目录), each
 * on a small document that has the fault, and each silent on the same document without it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/domain/checks.js';
import type { Extraction, Issue } from '../src/model/schema.js';
import { validate } from '../src/validate/index.js';
import { buildDoc, consistentTables, type DocSpec, type TableSpec } from './helpers/docBuilder.js';
import { sample } from './helpers/shared.js';

type Tables = Record<string, TableSpec>;

function tablesWith(edit: (t: Tables) => void): Tables {
  const t = structuredClone(consistentTables());
  edit(t);
  return t;
}

const rules = (issues: Issue[]) => [...new Set(issues.map((i) => i.rule))].sort();
const of = (doc: Extraction, rule: string) => validate(doc).filter((i) => i.rule === rule);
const docWith = (spec: DocSpec) => buildDoc({ tables: consistentTables(), ...spec });

describe('plausibility of single cells', () => {
  it('a 元 figure in a 万元 table: 2010101 printed 1000000 under its 类 of 100 (cell.magnitude, naming the cell)', () => {
    const t = tablesWith((t) => {
      t.expenditure.rows['2010101'] = { total: 1000000, basic: 1000000, project: '' };
    });
    const issues = of(buildDoc({ tables: t }), 'cell.magnitude');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].refs[0]).toEqual({ table: 'expenditure', row: '2010101', column: 'total' });
    expect(issues[0].message).toContain('数量级');
  });

  it('a negative 支出 (cell.negative) but not a negative 年末结转和结余', () => {
    const t = tablesWith((t) => {
      t.three_public.rows.actual.reception = -2;
      t.summary.rows['expenditure:年末结转和结余'] = { amount: -3 };
    });
    const issues = of(buildDoc({ tables: t }), 'cell.negative');
    expect(issues.map((i) => `${i.refs[0].table}/${i.refs[0].row}/${i.refs[0].column}`)).toEqual(['three_public/actual/reception']);
  });

  it('a share above 100 % in the narrative (cell.percent); a completion rate above 100 % is not a share', () => {
    const doc = docWith({ narrative: [{ heading: '三、支出决算情况说明', text: '本年支出合计300.00万元，其中：基本支出149.89万元，占149.96%。完成年初预算的120.00%。' }] });
    const issues = of(doc, 'cell.percent');
    expect(issues).toHaveLength(1);
    expect(issues[0].printed).toBe(149.96);
  });
});

describe('units', () => {
  it('a table printed without a unit (unit.missing)', () => {
    const doc = docWith({});
    doc.tables.find((t) => t.kind === 'income')!.unitAssumed = true;
    expect(of(doc, 'unit.missing').map((i) => i.refs[0].table)).toEqual(['income']);
  });

  it('the narrative quoting a table figure 10⁴ times over (unit.narrative), and two tables 10⁴ apart (unit.tables)', () => {
    const doc = docWith({ narrative: [{ heading: '二、收入决算情况说明', text: '本年收入合计3000000.00万元。' }] });
    const n = of(doc, 'unit.narrative');
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ printed: 3000000, expected: 300, severity: 'warning' });
    const t = tablesWith((t) => {
      t.summary.rows['income:本年收入合计'] = { amount: 3000000 };
    });
    expect(of(buildDoc({ tables: t }), 'unit.tables').some((i) => i.severity === 'warning')).toBe(true);
  });

  it('tables printed in different units are noted as info', () => {
    const t = tablesWith((t) => {
      t.three_public.unit = '元';
    });
    expect(of(buildDoc({ tables: t }), 'unit.tables').map((i) => i.severity)).toEqual(['info']);
  });
});

describe('三公 决算 above 预算', () => {
  it('names the items over their 预算 (three_public.overspend)', () => {
    const t = tablesWith((t) => {
      t.three_public.rows.actual = { total: 23, overseas: 12, vehicle_total: 5, vehicle_purchase: 0, vehicle_operation: 5, reception: 6 };
    });
    const [i] = of(buildDoc({ tables: t }), 'three_public.overspend');
    expect(i.message).toContain('因公出国(境)费 决算 12.00 > 预算 10.00');
    expect(i.message).toContain('公务接待费 决算 6.00 > 预算 4.00');
    expect(i.refs).toContainEqual({ table: 'three_public', row: 'actual', column: 'reception' });
  });
});

describe('blank tables and 无数据', () => {
  it('a blank table without its 无数据 note (table.blank); with the note, nothing', () => {
    const t = tablesWith((t) => {
      t.gov_fund = { rows: { total: { total: '', basic: '', project: '' } } };
    });
    const doc = buildDoc({ tables: t });
    expect(of(doc, 'table.blank').map((i) => i.refs[0].table)).toEqual(['gov_fund']);
    doc.tables.find((x) => x.kind === 'gov_fund')!.noData = { page: 1 };
    expect(of(doc, 'table.blank')).toEqual([]);
  });

  it('a table marked 无数据 that holds numbers other than 0 (table.nodata_numbers)', () => {
    const doc = docWith({});
    const t = doc.tables.find((x) => x.kind === 'three_public')!;
    t.noData = { page: t.pages[0] };
    expect(of(doc, 'table.nodata_numbers')).toHaveLength(1);
    t.noData = { page: t.pages[0], conditional: true };
    expect(of(doc, 'table.nodata_numbers')).toEqual([]);
  });
});

describe('placeholders', () => {
  it('XX, xxx, 待填写, (略) and template alternatives in the text (text.placeholder)', () => {
    const doc = docWith({
      narrative: [
        { heading: '一、收入支出决算总体情况说明', text: '本部门2024年度收入支出总计XX万元，增长(下降)xxx%。' },
        { heading: '二、主要职能', text: '（略）' },
        { heading: '三、其他重要事项', text: '待填写。' },
        { heading: '四、名词解释', text: '本年度X射线设备1台。' },
      ],
    });
    const issues = of(doc, 'text.placeholder');
    expect(issues).toHaveLength(3);
    expect(issues[0].message).toContain('XX');
    expect(issues[0].message).toContain('增长(下降)');
  });
});

describe('years and dates in the prose', () => {
  const narrative = (text: string, heading = '一、收入支出决算总体情况说明') => docWith({ narrative: [{ heading, text }] });

  it('a heading of another year (第三部分 2023年度部门决算情况说明 in a 2024 document)', () => {
    const issues = of(narrative('本年收入合计300.00万元。', '第三部分测试局2023年度部门决算情况说明'), 'text.year');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ printed: 2023, expected: 2024 });
  });

  it('the balance date of another year (截至2023年12月31日) and a 年末 of another year', () => {
    const issues = of(narrative('截至2023年12月31日，本部门共有车辆7辆。2023年末结转和结余0.00万元。'), 'text.date');
    expect(issues.map((i) => i.printed)).toEqual([2023, 2023]);
  });

  it('comparisons with the previous year are not the report year: 与2023年度相比, 比2023年度减少, 较上年末', () => {
    const doc = narrative('测试局2024年度收入支出总计300.00万元。与2023年度相比，收入支出总计增加10.00万元。2024年度“三公”经费支出决算数比2023年度减少1.00万元。较2023年末增加。');
    expect(rules(validate(doc).filter((i) => /^text\./.test(i.rule)))).toEqual([]);
  });

  it('the prose saying 2023年度部门决算 in a 2024 document', () => {
    const issues = of(narrative('测试局2023年度收入支出总计300.00万元。'), 'text.year');
    expect(issues).toHaveLength(1);
  });
});

describe('the narrative against itself', () => {
  it('0万元 this year and 比上年增加 (narrative.zero_change)', () => {
    const doc = docWith({
      narrative: [{ heading: '(一)三公经费财政拨款支出决算总体情况说明', text: '因公出国(境)费支出决算为0.00万元，比上年增加3.00万元。公务接待费支出决算2.00万元，比上年减少1.00万元。' }],
    });
    expect(of(doc, 'narrative.zero_change')).toHaveLength(1);
  });

  it('增加 X万元, 下降 Y%; 持平, 增加 X (narrative.mixed_direction); template alternatives are read without the bracket', () => {
    const doc = docWith({
      narrative: [
        { heading: '(一)机关运行经费支出情况', text: '机关运行经费支出29.89万元，比上年增加3.00万元，下降9.12%。' },
        { heading: '(二)政府采购支出情况', text: '政府采购支出与上年持平，增加5.00万元。' },
        { heading: '(三)三公', text: '三公经费支出比上年减少0.15万元，下降(增长)27.78%。' },
      ],
    });
    expect(of(doc, 'narrative.mixed_direction').map((i) => i.page)).toEqual([20, 21]);
  });

  it('收入总计 and 支出总计 said to move apart, where the 收支总表 prints them equal (narrative.totals_direction)', () => {
    const doc = docWith({
      narrative: [{ heading: '一、收入支出决算总体情况说明', text: '与2023年度相比，收入总计增加10.00万元；支出总计减少10.00万元。' }],
    });
    expect(of(doc, 'narrative.totals_direction')).toHaveLength(1);
    const same = docWith({ narrative: [{ heading: '一、收入支出决算总体情况说明', text: '与2023年度相比，收入支出总计增加10.00万元，增长3.45%。' }] });
    expect(of(same, 'narrative.totals_direction')).toEqual([]);
  });
});

describe('income against expenditure by code', () => {
  // funds other than fiscal money (事业收入), no carry-over: each code's income is what it spent
  const mixed = () =>
    tablesWith((t) => {
      t.income.rows.total = { total: 300, fiscal: 280, business: 20 };
      t.income.rows['204'] = { total: 200, fiscal: 180, business: 20 };
      t.income.rows['20402'] = { total: 200, fiscal: 180, business: 20 };
      t.income.rows['2040220'] = { total: 150.11, fiscal: 130.11, business: 20 };
    });

  it('equal per code with no carry-over, whatever the fund: silent', () => {
    expect(of(buildDoc({ tables: mixed() }), 'cross.income_expenditure')).toEqual([]);
  });

  it('a code whose income is not what it spent (error, naming both)', () => {
    const t = mixed();
    t.income.rows['2040201'] = { total: 59.89, fiscal: 59.89 };
    const issues = of(buildDoc({ tables: t }), 'cross.income_expenditure');
    const i = issues.find((x) => x.refs[0].row === '2040201')!;
    expect(i.severity).toBe('error');
    expect(i.refs).toEqual([{ table: 'income', row: '2040201', column: 'total' }, { table: 'expenditure', row: '2040201', column: 'total' }]);
  });

  it('silent where the reader says it missed cells of the income table (its quality record, or unnamed numbers)', () => {
    const t = mixed();
    t.income.rows['2040201'] = { total: 59.89, fiscal: 59.89 };
    const doc = buildDoc({ tables: t });
    // the quality report lists an amount printed in the table's area that became no fact
    Object.assign(doc.tables.find((x) => x.kind === 'income')!, {
      quality: { tokens: 4, matched: 3, coverage: 0.75, unmatched: [{ text: '12.00', page: 6 }], orphans: [], cutRuns: [], unkeyedColumns: [], conflicts: [] },
    });
    expect(of(doc, 'cross.income_expenditure')).toEqual([]);
  });

  it('with a 年初 balance only, a code spending less than its income (error); with balances at both ends, silent', () => {
    const t = mixed();
    t.summary.rows['income:年初结转和结余'] = { amount: 5 };
    t.income.rows['2040201'] = { total: 59.89, fiscal: 59.89 };
    expect(of(buildDoc({ tables: t }), 'cross.income_expenditure').some((i) => i.refs[0].row === '2040201')).toBe(true);
    t.summary.rows['expenditure:年末结转和结余'] = { amount: 5 };
    expect(of(buildDoc({ tables: t }), 'cross.income_expenditure')).toEqual([]);
  });
});

describe('table order and the 目录', () => {
  it('a table printed out of the standard order (table.order)', () => {
    const t = consistentTables();
    const { income, ...rest } = t;
    const doc = buildDoc({ tables: { ...rest, income } });
    const issues = of(doc, 'table.order');
    expect(issues).toHaveLength(1);
    expect(issues[0].refs[0].table).toBe('income');
  });

  it('a table listed in the 目录 under another page (table.contents_page)', () => {
    const contents = ['收入支出决算总表......1', '收入决算表......2', '支出决算表......3', '财政拨款收入支出决算总表......9', '一般公共预算财政拨款支出决算表......5'];
    const doc = docWith({ contents });
    const issues = of(doc, 'table.contents_page');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ printed: 9, expected: 4, refs: [{ table: 'fiscal_summary' }] });
  });
});

describe('the clean document', () => {
  it('raises none of the soundness rules', () => {
    expect(validate(buildDoc({ tables: consistentTables() }))).toEqual([]);
  });
});

describe('the README', () => {
  it('counts the rules of each family as src/domain/checks.ts has them', () => {
    const readme = readFileSync(sample('..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Validation'), readme.indexOf('## Samples'));
    const counts = new Map<string, number>();
    for (const r of Object.values(RULES)) counts.set(r.family, (counts.get(r.family) ?? 0) + 1);
    const table = new Map([...section.matchAll(/^\| ([a-z]+) \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]));
    expect(table).toEqual(counts);
    expect(section).toContain(`| **all** | **${Object.keys(RULES).length}** |`);
  });
});
