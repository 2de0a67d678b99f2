/**
 * A 部门预算 disclosure printed the way the wider family of provinces prints it, not the way samples/ does: labels
 * of every style (表一, 附表1-2, 预算表3, 公开表7, 附件1-5), the title with its year and unit on the same line, a
 * title broken over two lines, a title inside the grid's first row, a long table continued on the next page
 * without a title, two tables on one page (one of them empty, with a 本部门无… note), 情况表 / 明细表 / 一览表
 * suffixes, the 绩效目标表 of a budget, a 政府采购预算表, a table without rulings, and a table page whose title
 * names no standard table; beside them a 目录 and narrative pages whose sentences hold amounts.
 *
 * Each table is described once (FamilyTable) with the amounts it prints; the HTML page is made from that, so a
 * test knows which tables and amounts the PDF prints. Rendered through a real producer (producers.ts printHtml).
 */

export interface FamilyTable {
  /** the kind the reader should give it (an `other:` kind is named from the title's core) */
  kind: string;
  /** the lines printed above the grid (title, label, unit), as printed */
  above: string[];
  /** a title printed inside the grid's first row, spanning it */
  inGrid?: string;
  header: string[][];
  body: string[][];
  /** a note printed under the grid */
  note?: string;
  /** no rulings */
  borderless?: boolean;
  /** starts on a new page (default) */
  newPage?: boolean;
  /** printed as lines of text, its columns aligned with spaces (a table typed in a word processor) */
  typed?: boolean;
}

const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const DEPT = '某某市农业农村局';

/** function-code rows of a small 支出 table: code, name, then amounts */
const FUNC_ROWS: [string, string, number][] = [
  ['213', '农林水支出', 3012.4],
  ['21301', '农业农村', 3012.4],
  ['2130101', '行政运行', 1520.36],
  ['2130104', '事业运行', 842.12],
  ['2130153', '农田建设', 649.92],
  ['208', '社会保障和就业支出', 310.5],
  ['20805', '行政事业单位养老支出', 310.5],
  ['2080505', '机关事业单位基本养老保险缴费支出', 206.98],
  ['2080506', '机关事业单位职业年金缴费支出', 103.52],
  ['221', '住房保障支出', 133.88],
  ['22102', '住房改革支出', 133.88],
  ['2210201', '住房公积金', 133.88],
];
const TOTAL = 3012.4 + 310.5 + 133.88;

/** a long project list, to run over a page */
const PROJECTS: [string, number][] = Array.from({ length: 46 }, (_, i) => [`农业产业发展专项${i + 1}号项目`, 10 + ((i * 37) % 90) + (i % 7) / 4]);

export function familyTables(): FamilyTable[] {
  const t: FamilyTable[] = [];
  t.push({
    kind: 'budget_summary',
    above: ['表一 收支预算总表', '单位：万元'],
    header: [['收入', '', '支出', ''], ['项目', '预算数', '项目', '预算数']],
    body: [
      ['一、一般公共预算拨款收入', money(TOTAL - 200), '一、农林水支出', money(3012.4)],
      ['二、政府性基金预算拨款收入', '0.00', '二、社会保障和就业支出', money(310.5)],
      ['三、事业收入', money(200), '三、住房保障支出', money(133.88)],
      ['本年收入合计', money(TOTAL), '本年支出合计', money(TOTAL)],
      ['收入总计', money(TOTAL), '支出总计', money(TOTAL)],
    ],
  });
  t.push({
    kind: 'budget_income',
    above: [`预算表2：${DEPT}2026年部门收入预算表                单位：万元`],
    header: [['科目编码', '科目名称', '合计', '一般公共预算拨款收入', '事业收入']],
    body: FUNC_ROWS.map(([c, n, v]) => [c, n, money(v), money(c === '2130104' ? v - 200 : v - (c.startsWith('213') && c.length < 7 ? 200 : 0)), c === '2130104' || (c.startsWith('213') && c.length < 7) ? money(200) : '']),
  });
  t.push({
    kind: 'budget_expenditure',
    above: ['附表1-3', `${DEPT}2026年部门支出`, '预算表', '金额单位：万元'],
    header: [['功能分类科目编码', '功能分类科目名称', '合计', '基本支出', '项目支出']],
    body: FUNC_ROWS.map(([c, n, v]) => [c, n, money(v), money(c === '2130153' ? 0 : v - (c.startsWith('213') ? 649.92 : 0)), c === '2130153' || (c.startsWith('213') && c.length < 7) ? money(649.92) : '']),
  });
  t.push({
    kind: 'budget_general_basic',
    above: [],
    inGrid: `${DEPT}2026年一般公共预算基本支出预算表`,
    header: [['经济分类科目编码', '经济分类科目名称', '合计', '人员经费', '公用经费']],
    body: [
      ['301', '工资福利支出', money(1980.2), money(1980.2), ''],
      ['30101', '基本工资', money(820.4), money(820.4), ''],
      ['30102', '津贴补贴', money(1159.8), money(1159.8), ''],
      ['302', '商品和服务支出', money(382.28), '', money(382.28)],
      ['30201', '办公费', money(82.28), '', money(82.28)],
      ['30211', '差旅费', money(300), '', money(300)],
      ['', '合计', money(2362.48), money(1980.2), money(382.28)],
    ],
  });
  t.push({
    kind: 'budget_gov_fund',
    above: ['表五', '政府性基金预算支出表', '单位：万元'],
    header: [['科目编码', '科目名称', '合计', '基本支出', '项目支出']],
    body: [],
    note: '本部门2026年无政府性基金预算支出，故本表无数据。',
    borderless: true,
  });
  t.push({
    kind: 'budget_state_capital',
    above: ['表六 国有资本经营预算支出表', '单位：万元'],
    header: [['科目编码', '科目名称', '合计', '基本支出', '项目支出']],
    body: [['', '合计', '', '', '']],
    note: '本部门无国有资本经营预算支出，此表为空表。',
    newPage: false,
    borderless: true,
  });
  t.push({
    kind: 'budget_purchase_service',
    above: ['表6-1 政府购买服务预算表', '单位：万元'],
    header: [['项目名称', '服务类别', '合计', '一般公共预算拨款']],
    body: [],
    note: '本部门2026年无政府购买服务预算，本表无数据。',
    newPage: false,
    borderless: true,
  });
  t.push({
    kind: 'budget_three_public',
    above: ['公开表7', '一般公共预算“三公”经费支出情况表', '单位：万元'],
    header: [['合计', '因公出国（境）费', '公务用车购置及运行费', '', '', '公务接待费'], ['', '', '小计', '公务用车购置费', '公务用车运行费', '']],
    body: [[money(48.6), '0.00', money(36.2), '0.00', money(36.2), money(12.4)]],
  });
  t.push({
    kind: 'budget_procurement',
    above: ['附件1-8', `${DEPT}2026年政府采购预算明细表`, '单位：万元'],
    header: [['采购项目', '采购品目', '合计', '一般公共预算拨款', '事业收入']],
    body: [
      ['办公设备采购', '台式计算机', money(24.5), money(24.5), ''],
      ['办公设备采购', '复印机', money(8.6), money(8.6), ''],
      ['物业管理服务', '物业管理服务', money(96), money(80), money(16)],
      ['合计', '', money(129.1), money(113.1), money(16)],
    ],
  });
  t.push({
    kind: 'budget_performance_target',
    above: ['部门整体支出绩效目标表', '（2026年度）', '单位：万元'],
    header: [['部门名称', DEPT, '', ''], ['年度预算申请', '资金总额', '财政拨款', '其他资金']],
    body: [
      ['', money(TOTAL), money(TOTAL - 200), money(200)],
      ['年度总体目标', '保障机构正常运转，推进高标准农田建设12万亩。', '', ''],
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '新建高标准农田面积', '≥12万亩'],
      ['效益指标', '社会效益指标', '粮食综合生产能力', '稳步提升'],
    ],
  });
  for (const [i, [name, amount]] of ([['高标准农田建设', 649.92], ['动物疫病防控', 98.4]] as [string, number][]).entries()) {
    t.push({
      // one target table per project, the same rows each time (山东, 湖北 print one for every project)
      kind: 'budget_performance_target',
      above: i === 0 ? ['项目支出绩效目标表', '单位：万元'] : [],
      header: [['项目名称', name, '', ''], ['主管部门', DEPT, '实施单位', DEPT]],
      body: [
        ['项目资金', '年度资金总额', money(amount), ''],
        ['', '其中：财政拨款', money(amount), ''],
        ['年度绩效目标', `完成${name}年度任务。`, '', ''],
        ['一级指标', '二级指标', '三级指标', '指标值'],
        ['产出指标', '数量指标', `${name}任务完成率`, '100%'],
      ],
      newPage: i === 0,
    });
  }
  t.push({
    kind: 'budget_project',
    above: ['表9 项目支出预算明细表', '单位：万元'],
    header: [['项目名称', '合计', '一般公共预算拨款', '事业收入']],
    body: [...PROJECTS.map(([n, v]) => [n, money(v), money(v), '']), ['合计', money(PROJECTS.reduce((a, [, v]) => a + v, 0)), money(PROJECTS.reduce((a, [, v]) => a + v, 0)), '']],
  });
  t.push({
    kind: 'other:重点项目安排一览表',
    above: [`${DEPT}2026年重点项目安排一览表`, '单位：万元'],
    header: [['序号', '项目名称', '2025年预算数', '2026年预算数', '增减额']],
    body: [
      ['1', '高标准农田建设', money(600), money(649.92), money(49.92)],
      ['2', '动物疫病防控', money(120.5), money(98.4), money(-22.1)],
      ['3', '农产品质量安全监测', money(66.3), money(70.15), money(3.85)],
      ['4', '种业振兴行动', money(45), money(52.6), money(7.6)],
      ['5', '农村人居环境整治', money(210.8), money(188.2), money(-22.6)],
    ],
  });
  t.push({
    // a table without rulings whose title line is missing: its page still prints amounts under a unit line
    kind: 'other:',
    above: ['单位：万元'],
    borderless: true,
    header: [['项目', '2025年预算数', '2026年预算数']],
    body: [
      ['机关运行经费', money(380.12), money(382.28)],
      ['会议费', money(12.5), money(10.8)],
      ['培训费', money(22.4), money(20.6)],
      ['差旅费', money(310.2), money(300)],
      ['合计', money(725.22), money(713.68)],
    ],
  });
  t.push({
    // two columns without rulings, a name and an amount: no builder lays it out, the safety net reads its lines
    kind: 'other:2026年部门预算收入来源',
    above: ['2026年部门预算收入来源', '单位：万元'],
    borderless: true,
    header: [['收入来源', '预算数']],
    body: [
      ['一般公共预算拨款收入', money(TOTAL - 200)],
      ['政府性基金预算拨款收入', '0.00'],
      ['事业收入', money(200)],
      ['上年结转', '0.00'],
      ['收入合计', money(TOTAL)],
    ],
  });
  t.push({
    // typed as text lines, columns aligned with spaces: no builder lays it out, the safety net reads its lines
    kind: 'other:2026年部门预算支出结构',
    above: ['2026年部门预算支出结构', '单位：万元'],
    typed: true,
    header: [['支出项目', '2025年', '2026年', '增减']],
    body: [
      ['基本支出', money(2300.1), money(2362.48), money(62.38)],
      ['项目支出', money(1033.23), money(1094.3), money(61.07)],
      ['其中：农田建设', money(600), money(649.92), money(49.92)],
      ['动物疫病防控', money(120.5), money(98.4), money(-22.1)],
      ['支出合计', money(3333.33), money(3456.78), money(123.45)],
    ],
  });
  return t;
}

/** A table typed as lines of text: each cell padded with spaces to its column's width (monospace). */
function typedLines(t: FamilyTable): string {
  const rows = [...t.header, ...t.body];
  const w = rows[0].map((_, k) => Math.max(...rows.map((r) => units(r[k] ?? ''))) + 4);
  const pad = (s: string, n: number, right: boolean) => (right ? ' '.repeat(Math.max(0, n - units(s))) + s : s + ' '.repeat(Math.max(0, n - units(s))));
  const lines = rows.map((r) => r.map((c, k) => pad(c, w[k], k > 0)).join(''));
  return `<pre style="font-family:'Noto Sans Mono CJK SC',monospace;font-size:10pt;margin:6pt 0">${lines.map(esc).join('\n')}</pre>`;
}

/** The narrative: sentences holding amounts (they must stay prose). */
const NARRATIVE = [
  '第一部分 部门概况',
  '一、部门职责',
  `${DEPT}是市政府工作部门，负责统筹研究和组织实施“三农”工作的发展战略、中长期规划、重大政策。`,
  '第二部分 2026年部门预算情况说明',
  '一、收支预算总体情况',
  `按照全口径预算的原则，2026年部门收入预算总计${money(TOTAL)}万元，支出预算总计${money(TOTAL)}万元。与上年相比，收、支预算总计各增加123.45万元，增长3.70%，主要是高标准农田建设任务增加。`,
  `其中，一般公共预算拨款收入${money(TOTAL - 200)}万元，比上年增加103.45万元；事业收入200.00万元，比上年增加20.00万元。`,
  '二、一般公共预算支出情况',
  `2026年一般公共预算拨款支出${money(TOTAL - 200)}万元，其中：农林水支出2,812.40万元，占86.36%；社会保障和就业支出310.50万元，占9.53%；住房保障支出133.88万元，占4.11%。`,
  `（一）行政运行1,520.36万元，比上年增加20.36万元，增长1.36%；（二）事业运行642.12万元，比上年减少7.88万元，下降1.21%；（三）农田建设649.92万元，比上年增加49.92万元。`,
  `三、“三公”经费预算情况：2026年“三公”经费预算48.60万元，比上年减少2.40万元。其中公务用车运行费36.20万元，公务接待费12.40万元。`,
  `四、机关运行经费：2026年机关运行经费预算382.28万元，比上年增加2.16万元，增长0.57%，主要是办公费增加。`,
  `五、政府采购情况：2026年政府采购预算总额129.10万元，其中货物33.10万元、服务96.00万元。`,
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** How wide a text prints, in half-width characters (a CJK character is two). */
const units = (s: string) => [...s].reduce((a, ch) => a + (/[\u2e80-\uffef]/u.test(ch) ? 2 : 1), 0);

function grid(t: FamilyTable): string {
  const ruled = !t.borderless;
  const bd = ruled ? 'border:0.75pt solid #000;' : '';
  const n = Math.max(...[...t.header, ...t.body].map((r) => r.length));
  // column widths from the widest text of each column (headers wrap, amounts do not)
  const need = Array.from({ length: n }, (_, k) => Math.max(8, ...t.body.map((r) => units(r[k] ?? '') + 2), ...t.header.map((r) => Math.min(16, units(r[k] ?? '') + 2))));
  const sum = need.reduce((a, b) => a + b, 0);
  const cols = need.map((w) => `<col width="${((100 * w) / sum).toFixed(1)}%">`).join('');
  const row = (cells: string[], r: number, head: boolean) => {
    const out: string[] = [];
    for (let i = 0; i < cells.length; i++) {
      // a header cell left empty under a filled one is covered by it (rowspan); empty cells after a filled one in
      // the first header row are spanned by it (收入 | | 支出 |), unless the row below fills them
      if (head && r > 0 && cells[i] === '' && t.header[r - 1][i] !== '') continue;
      let span = 1;
      while (head && i + span < cells.length && cells[i + span] === '' && cells[i] !== '' && !(r === 0 && t.header.length > 1 && t.header[1][i] === '' && t.header[1][i + span] === '')) span++;
      const rowSpan = head && r === 0 && t.header.length > 1 && cells[i] !== '' && t.header[1][i] === '' ? t.header.length : 1;
      const num = /^-?[\d,]+\.\d+$/.test(cells[i]);
      const spans = `${span > 1 ? ` colspan="${span}"` : ''}${rowSpan > 1 ? ` rowspan="${rowSpan}"` : ''}`;
      out.push(`<td${spans} style="${bd}padding:1pt 3pt;text-align:${num ? 'right' : head ? 'center' : 'left'};${head ? 'font-weight:bold;' : ''}">${esc(cells[i])}</td>`);
      i += span - 1;
    }
    return `<tr>${out.join('')}</tr>`;
  };
  const title = t.inGrid ? `<tr><td colspan="${n}" style="${bd}text-align:center;font-size:14pt;font-weight:bold;padding:4pt">${esc(t.inGrid)}</td></tr><tr><td colspan="${n}" style="${bd}text-align:right;font-size:9pt">单位：万元</td></tr>` : '';
  return `<table${ruled ? ' border="1"' : ' border="0"'} cellspacing="0" width="100%" style="border-collapse:collapse;width:100%;table-layout:fixed;font-size:9pt"><colgroup>${cols}</colgroup>${title}${t.header.map((r, i) => row(r, i, true)).join('')}${t.body.map((r, i) => row(r, i, false)).join('')}</table>`;
}

/** The whole disclosure as an HTML page (A4), one table per page unless `newPage: false`. */
export function familyHtml(): string {
  const tables = familyTables();
  const brk = '<p style="page-break-before:always;margin:0;font-size:2pt">&nbsp;</p>';
  const parts: string[] = [];
  parts.push(`<p style="text-align:center;font-size:24pt;font-weight:bold;margin-top:220pt">${DEPT}2026年部门预算</p>`);
  parts.push(brk, '<p style="text-align:center;font-size:16pt;font-weight:bold">目录</p>');
  for (const t of tables.slice(0, 9)) {
    const title = t.inGrid ?? t.above.find((l) => l.includes('表') && !/^(表[一二三四五六七八九十]|附表[\d-]+|公开表\d+)$/.test(l)) ?? '';
    parts.push(`<p style="font-size:11pt;margin:2pt 0">${esc(title.replace(/\s+单位.*$/, ''))}……………………${tables.indexOf(t) + 5}</p>`);
  }
  parts.push(brk);
  for (const l of NARRATIVE) parts.push(`<p style="font-size:11pt;text-indent:2em;margin:3pt 0">${esc(l)}</p>`);
  // the tables are the 附件 of the narrative, as most provinces print them
  parts.push(brk, '<p style="text-align:center;font-size:16pt;font-weight:bold">第四部分 附件</p>');
  parts.push(`<p style="text-align:center;font-size:14pt">附件：${DEPT}2026年部门预算公开表</p>`);
  for (const t of tables) {
    if (t.newPage !== false) parts.push(brk);
    else parts.push('<p style="margin:18pt 0 0 0"></p>');
    t.above.forEach((l, i) => {
      const unit = /^(金额)?单位/.test(l);
      const style = unit ? 'text-align:right;font-size:9pt' : i === 0 && /^(表|附表|公开表|附件)[\d一二三四五六七八九十-]+$/.test(l) ? 'text-align:left;font-size:10pt' : 'text-align:center;font-size:15pt;font-weight:bold';
      parts.push(`<p style="${style};margin:0 0 3pt 0;white-space:pre">${esc(l)}</p>`);
    });
    parts.push(t.typed ? typedLines(t) : grid(t));
    if (t.note) parts.push(`<p style="font-size:9pt;margin:3pt 0">${esc(t.note)}</p>`);
  }
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${DEPT}2026年部门预算</title>
<style>
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; }
td { vertical-align: middle; }
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}
