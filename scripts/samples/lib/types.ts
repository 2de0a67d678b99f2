/** Shape of scripts/samples/seed-data.json (written by parse-seed.ts, read by make-samples.ts). */

export interface Paragraph {
  text: string;
  /** 1 = part heading (第三部分 …), 2 = 一、…, 3 = （一）…; absent for body text. */
  heading?: 1 | 2 | 3;
}

export interface SeedTable {
  label: string; // 公开01表
  kind: string; // facts.md kind
  title: string; // 收入支出决算总表
  nameLabel: string; // 部门名称 / 单位名称
  unitLabel: string; // 金额单位 / 单位
  unit: string; // 万元
  note: string; // 注：…
  emptyNote?: string; // 说明：本表无数据
  /** Data rows as printed (after the header rows), cells as strings, '' for blank. */
  rows: string[][];
}

export interface FormFundRowA {
  label: string; // 资金总额: / 市县区财政资金
  target: string; // 目标申报数
  budget: string; // 预算编制数
  fullYear: string;
  executed: string;
  balance: string; // 资金结(转)余
  rate: string; // 执行率
  score: string;
  reason: string;
}

export interface FormFundRowB {
  label: string; // 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金
  initial: string;
  fullYear: string;
  executed: string;
  points: string; // 分值
  rate: string;
  score: string;
}

export interface IndicatorA {
  level1: string;
  level2: string;
  level3: string;
  initial: string; // 年初指标值
  adjusted: string; // 调整后指标值
  actual: string; // 实际完成值
  points: string; // 分值
  score: string; // 得分
  reason: string; // 偏差原因分析及改进措施
}

export interface IndicatorB {
  level1: string;
  weight: string; // 权重 of the 一级指标
  level2: string;
  level3: string;
  target: string; // 年度指标值
  actual: string;
  points: string;
  score: string;
  reason: string;
}

export interface AnalysisItem {
  label: string;
  text: string;
}

interface FormBase {
  /** 1-based position in the seed's 附件. */
  index: number;
  /** Line of the 项目名称 row in the seed text (1-based), for reference. */
  seedLine: number;
  project: string;
  goal: string;
  actual: string;
}

export interface FormA extends FormBase {
  layout: 'a';
  /** Title as printed in the PDF (the seed's titles are often cut off; see notes). */
  title: string;
  seedTitle: string;
  yearLine: string; // (2024年度)
  department: string; // 011-汾阳市公安局 as printed
  unitLabel: string; // 预算单位
  unit: string; // 011001-汾阳市公安局
  fundsLabel: string; // 项目资金预算安排及执行进度(万元)
  funds: FormFundRowA[];
  indicators: IndicatorA[];
  total: { score: string; grade: string };
  analysis: AnalysisItem[];
  remarks: string[];
}

export interface FormB extends FormBase {
  layout: 'b';
  heading: string[]; // ['附件 1', '项目支出绩效自评表']
  department: string; // 汾阳市公安局
  unitLabel: string; // 实施单位
  unit: string;
  fundsLabel: string; // 项目资金（万元）
  fundsWeight: string; // 权重 of the money part (10)
  funds: FormFundRowB[];
  indicators: IndicatorB[];
  total: { points: string; score: string } | null;
}

export type SeedForm = FormA | FormB;

export interface SeedData {
  source: string;
  document: { department: string; year: number; kind: 'final' | 'budget'; title: string };
  overview: Paragraph[]; // 第一部分 概况
  explanation: Paragraph[]; // 第三部分 情况说明
  glossary: Paragraph[]; // 第四部分 名词解释
  tables: SeedTable[];
  forms: SeedForm[];
  /** Decisions taken while reading the seed, copied into the truth notes. */
  decisions: string[];
}
