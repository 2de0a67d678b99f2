/**
 * Table titles as the wider family of provinces prints them (山东, 湖北, 福建, 吉林, 陕西, 广东, 浙江, 湖南, central
 * ministries): labels of every style before or after the title, the unit or year on the title line, 情况表 /
 * 总体情况表 / 明细表 / 一览表, 部门综合预算 titles, qualifiers in brackets. Each line names its standard table.
 */
import { describe, expect, it } from 'vitest';
import { findLabel, matchTitle } from '../src/domain/titles.js';

const BUDGET: [string, string][] = [
  ['表一 收支预算总表', 'budget_summary'],
  ['表1-1 部门收支总表', 'budget_summary'],
  ['附表1 收支总体情况表', 'budget_summary'],
  ['附件1-2 部门收入总体情况表', 'budget_income'],
  ['附件1-3：部门支出总体情况表', 'budget_expenditure'],
  ['公开表1 部门收支总体情况表', 'budget_summary'],
  ['预算表1 部门财务收支预算总表', 'budget_summary'],
  ['预算02表 收入总表', 'budget_income'],
  ['部门收支总表（公开01表）', 'budget_summary'],
  ['2026年部门收入预算表    单位：万元', 'budget_income'],
  ['某某局2026年部门支出预算表 金额单位：万元', 'budget_expenditure'],
  ['收支预算总表 单位：万元 2026年', 'budget_summary'],
  ['部门预算收支总表（单位：万元）', 'budget_summary'],
  ['2026年财政拨款收支总体情况表', 'budget_fiscal_summary'],
  ['一般公共预算基本支出情况表', 'budget_general_basic'],
  ['一般公共预算“三公”经费支出情况表', 'budget_three_public'],
  ['国有资本经营预算支出情况表', 'budget_state_capital'],
  ['表九 国有资本经营预算支出预算表', 'budget_state_capital'],
  ['部门整体支出绩效目标表', 'budget_performance_target'],
  ['2026年项目支出绩效目标表（一）', 'budget_performance_target'],
  ['2026年部门政府采购预算情况表', 'budget_procurement'],
  ['政府采购预算表（货物、工程、服务）', 'budget_procurement'],
  ['项目支出预算明细表', 'budget_project'],
  ['一般公共预算支出预算表（按政府预算经济分类）', 'budget_general_economic'],
  ['部门综合预算收支总表', 'budget_summary'],
  ['部门综合预算一般公共预算支出明细表（按支出经济分类科目）', 'budget_general_economic'],
  ['部门综合预算政府采购（资产配置、购买服务）预算表', 'budget_procurement'],
  ['2026年市级部门预算公开表一：收支预算总表', 'budget_summary'],
];
const FINAL: [string, string][] = [
  ['决算01表 收入支出决算总表', 'summary'],
  ['附表1 收入支出决算总表', 'summary'],
  ['2024年度支出决算表  金额单位：万元', 'expenditure'],
  ['一般公共预算财政拨款基本支出决算明细表', 'general_budget_basic'],
  ['国有资本经营预算财政拨款收入支出决算表', 'state_capital'],
  ['财政拨款“三公”经费、行政参公单位机关运行经费情况表', 'three_public'],
];

describe('table titles of the wider family', () => {
  it.each(BUDGET)('预算: %s names %s', (line, kind) => expect(matchTitle(line, 'budget')?.kind).toBe(kind));
  it.each(FINAL)('决算: %s names %s', (line, kind) => expect(matchTitle(line, 'final')?.kind).toBe(kind));

  it('keeps the label printed with the title', () => {
    expect(findLabel('附件1-2 部门收入总体情况表')).toBe('附件1-2');
    expect(findLabel('表五')).toBe('表五');
    expect(findLabel('表1-1 部门收支总表')).toBe('表1-1');
  });

  it('the expenditure of one source of money is a table of its own, not the department\'s 支出 table', () => {
    expect(matchTitle('财政专户管理资金支出预算表', 'budget')?.kind).toBe('other:财政专户管理资金支出预算表');
    expect(matchTitle('单位资金支出预算表', 'budget')?.kind).toBe('other:单位资金支出预算表');
    expect(matchTitle('2021年部门综合预算财政拨款上年结转资金支出表', 'budget')?.kind).toBe('other:综合预算财政拨款上年结转资金支出表');
  });

  it('a list of the projects paid from the general budget is not the 一般公共预算 支出 table by function (whose rows it would overwrite)', () => {
    expect(matchTitle('一般公共预算财政拨款项目支出决算表', 'final')?.kind).toBe('other:一般公共预算财政拨款项目支出决算表');
    expect(matchTitle('一般公共预算项目支出预算表', 'budget')?.kind).toBe('budget_project');
    expect(matchTitle('一般公共预算财政拨款支出决算表', 'final')?.kind).toBe('general_budget');
  });

  it('a heading of the narrative or a sentence naming a table is no title', () => {
    expect(matchTitle('一、收支预算总体情况', 'budget')).toBeNull();
    expect(matchTitle('单位：万元', 'budget')).toBeNull();
    expect(matchTitle('具体情况详见收支预算总表。', 'budget')).toBeNull();
  });
});
