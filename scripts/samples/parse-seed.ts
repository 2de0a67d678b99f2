/**
 * Parse step: reads the seed text (../shared/seed/000_3d262858df1b1b5e.txt, tab-separated text of
 * 汾阳市公安局 2024年度单位决算公开) and writes scripts/samples/seed-data.json, the checked-in
 * intermediate that make-samples.ts draws every sample from.
 *
 *   npx tsx scripts/samples/parse-seed.ts [path/to/seed.txt]
 *
 * The seed is messy (cells shifted, lines split by page breaks, form rows misaligned). The
 * generic readers below get most of it; what they cannot decide is settled in FIXES at the
 * end, each fix with the reason that goes into the truth notes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeCjkGaps, compact, isNumeric } from './lib/text.js';
import type { FormA, FormB, FormFundRowB, Paragraph, SeedData, SeedForm, SeedTable } from './lib/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED_NAME = '000_3d262858df1b1b5e.txt';
const seedPath = process.argv[2] ?? path.resolve(here, '../../../shared/seed', SEED_NAME);
const outPath = path.join(here, 'seed-data.json');

const lines = fs.readFileSync(seedPath, 'utf8').replace(/\r\n?/gu, '\n').split('\n');
const decisions: string[] = [];

const cells = (line: string): string[] => line.split('\t').map((c) => c.trim());
const tokens = (line: string): string[] => cells(line).filter((c) => c !== '');
const isTabbed = (line: string): boolean => line.includes('\t');
const isRuleLine = (line: string): boolean => /^[-\s]+$/u.test(line) && line.includes('-');

function findLine(re: RegExp, from = 0): number {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i;
  throw new Error(`seed: no line matches ${re} after line ${from + 1}`);
}

// ---------------------------------------------------------------- narrative

function paragraphs(from: number, to: number): Paragraph[] {
  const raw = lines
    .slice(from, to)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.replace(/^-\s+/u, ''));
  const joined: string[] = [];
  for (const l of raw) {
    const prev = joined[joined.length - 1];
    // A sentence cut by a page break: the previous line stops without closing punctuation
    // (or ends in a colon that introduces its definition) and this line is no new item.
    const cut =
      prev !== undefined &&
      !/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+、|第.部分)/u.test(l) &&
      ((/[^。；;！？”」：:.]$/u.test(prev) && !isHeading(prev)) || /^[一二三四五六七八九十]+、[^：]{1,12}：$/u.test(prev));
    if (cut) joined[joined.length - 1] = prev + l;
    else joined.push(l);
  }
  return joined.map((text) => {
    const h = isHeading(text);
    return h ? { text, heading: h } : { text };
  });
}

function isHeading(text: string): 1 | 2 | 3 | undefined {
  if (/^第.部分/u.test(text)) return 1;
  if (text.length <= 40 && !/[。；;，,]/u.test(text)) {
    if (/^[一二三四五六七八九十]+、/u.test(text)) return 2;
    if (/^[（(][一二三四五六七八九十]+[)）]/u.test(text)) return 3;
    if (/^\d+、/u.test(text)) return 3;
  }
  return undefined;
}

// ---------------------------------------------------------------- the ten tables

const TABLES: { n: number; kind: string; cols: number; headerRows: number }[] = [
  { n: 1, kind: 'summary', cols: 6, headerRows: 3 },
  { n: 2, kind: 'income', cols: 9, headerRows: 3 },
  { n: 3, kind: 'expenditure', cols: 8, headerRows: 3 },
  { n: 4, kind: 'fiscal_summary', cols: 9, headerRows: 3 },
  { n: 5, kind: 'general_budget', cols: 5, headerRows: 3 },
  { n: 6, kind: 'general_budget_basic', cols: 12, headerRows: 2 },
  { n: 7, kind: 'gov_fund', cols: 8, headerRows: 3 },
  { n: 8, kind: 'state_capital', cols: 5, headerRows: 3 },
  { n: 9, kind: 'three_public', cols: 12, headerRows: 4 },
  { n: 10, kind: 'disclosure_stats', cols: 3, headerRows: 0 },
];

function parseTables(start: number): SeedTable[] {
  const out: SeedTable[] = [];
  let at = start;
  for (const spec of TABLES) {
    const nn = String(spec.n).padStart(2, '0');
    const labelAt = findLine(new RegExp(`^公开${nn}(?:表)?$`, 'u'), at);
    let titleAt = labelAt - 1;
    while (lines[titleAt].trim() === '') titleAt--;
    const nameAt = findLine(/^(?:部门|单位)名称：/u, labelAt);
    const unitAt = findLine(/单位：/u, nameAt);
    const unitText = (lines[unitAt] + (lines[unitAt + 1] ?? '')).trim(); // "金额单位：万" + "元"
    const unitMatch = /^(金额单位|单位)：(万元|元|亿元)/u.exec(unitText.replace(/\s+/gu, ''));
    if (!unitMatch) throw new Error(`seed: cannot read unit of 公开${nn}表 at line ${unitAt + 1}`);
    const noteAt = findLine(/^注：/u, unitAt);
    const grid = lines
      .slice(unitAt + 1, noteAt)
      .filter((l) => isTabbed(l) && !isRuleLine(l))
      .map((l) => {
        const c = cells(l);
        while (c.length < spec.cols) c.push('');
        return c.slice(0, spec.cols);
      });
    let next = noteAt + 1;
    while (next < lines.length && lines[next].trim() === '') next++;
    const emptyNote = /^说明：/u.test(lines[next] ?? '') ? lines[next].trim() : undefined;
    out.push({
      label: `公开${nn}表`,
      kind: spec.kind,
      title: lines[titleAt].trim(),
      nameLabel: lines[nameAt].split('：')[0].trim(),
      unitLabel: unitMatch[1],
      unit: unitMatch[2],
      note: lines[noteAt].trim(),
      ...(emptyNote ? { emptyNote } : {}),
      rows: grid.slice(spec.headerRows),
    });
    at = noteAt + 1;
  }
  return out;
}

// ---------------------------------------------------------------- forms

const REMARK_RE = /^(?:-\s*)?备注|^\s*\d\s*[.．]\s*“/u;

function formRegions(start: number): { begin: number; end: number; titles: string[] }[] {
  const heads: number[] = [];
  for (let i = start; i < lines.length; i++) if (/^项目名称\t/u.test(lines[i])) heads.push(i);
  const titlesBefore = (head: number, floor: number): { first: number; titles: string[] } => {
    let i = head - 1;
    const titles: string[] = [];
    while (i > floor) {
      const l = lines[i].trim();
      if (l === '') {
        i--;
        continue;
      }
      if (isTabbed(lines[i]) || REMARK_RE.test(l) || /^第五部分/u.test(l)) break;
      titles.unshift(l);
      i--;
    }
    return { first: i + 1, titles };
  };
  return heads.map((h, k) => {
    const { titles } = titlesBefore(h, k === 0 ? start : heads[k - 1]);
    const end = k + 1 < heads.length ? titlesBefore(heads[k + 1], h).first : lines.length;
    return { begin: h, end, titles };
  });
}

const L1_A = new Set(['产出指标', '效益指标', '满意度指标']);
const L2_TO_L1: Record<string, string> = {
  数量指标: '产出指标',
  质量指标: '产出指标',
  时效指标: '产出指标',
  成本指标: '产出指标',
  经济效益: '效益指标',
  社会效益: '效益指标',
  生态效益: '效益指标',
  可持续影响: '效益指标',
  经济效益指标: '效益指标',
  社会效益指标: '效益指标',
  生态效益指标: '效益指标',
  可持续影响指标: '效益指标',
  服务对象满意度: '满意度指标',
  服务对象满意度指标: '满意度指标',
};

/** Split "values…, 分值, 得分, reason…": the last two numbers are 分值/得分. */
function splitScores(rest: string[]): { values: string[]; points: string; score: string; reason: string } {
  let j = rest.length - 1;
  while (j >= 0 && !isNumeric(rest[j])) j--;
  if (j < 1 || !isNumeric(rest[j - 1])) return { values: rest, points: '', score: '', reason: '' };
  return { values: rest.slice(0, j - 1), points: rest[j - 1], score: rest[j], reason: rest.slice(j + 1).join('') };
}

function parseFormA(index: number, begin: number, end: number, titles: string[]): FormA {
  const rows = lines.slice(begin, end).map((l, k) => ({ line: begin + k, raw: l }));
  const form: FormA = {
    layout: 'a',
    index,
    seedLine: begin + 1,
    title: '',
    seedTitle: titles.join(' '),
    yearLine: '(2024年度)',
    project: '',
    department: '',
    unitLabel: '',
    unit: '',
    fundsLabel: '',
    funds: [],
    goal: '',
    actual: '',
    indicators: [],
    total: { score: '', grade: '' },
    analysis: [],
    remarks: [],
  };
  const yearTitle = /[(（]2024年度[)）]/u.exec(form.seedTitle);
  if (yearTitle) form.yearLine = yearTitle[0];
  let mode: 'head' | 'goal' | 'indicators' | 'analysis' = 'head';
  let l1 = '';
  let l2 = '';
  for (const { raw } of rows) {
    const line = raw.trim();
    if (line === '') continue;
    if (!isTabbed(raw)) {
      if (REMARK_RE.test(line) || /^\d\s*[.．]/u.test(line)) form.remarks.push(line.replace(/^-\s*/u, ''));
      continue;
    }
    const t = tokens(raw);
    const first = compact(t[0] ?? '');
    if (first === '项目名称') {
      form.project = t[1];
    } else if (first === '主管部门及代码') {
      form.department = t[1];
      form.unitLabel = t[2];
      form.unit = t[3];
    } else if (first.startsWith('项目资金预算安排')) {
      form.fundsLabel = t[0];
    } else if (first === '目标申报数') {
      // second header row of the money part
    } else if (first.startsWith('资金总额') || /财政资金$/u.test(first)) {
      const v = t.slice(1);
      if (v.length === 6) v.push(''); // the 得分 cell is blank (see notes)
      form.funds.push({
        label: t[0],
        target: v[0] ?? '',
        budget: v[1] ?? '',
        fullYear: v[2] ?? '',
        executed: v[3] ?? '',
        balance: v[4] ?? '',
        rate: v[5] ?? '',
        score: v[6] ?? '',
        reason: v.slice(7).join(''),
      });
    } else if (first === '项目年度绩效目标') {
      mode = 'goal';
    } else if (mode === 'goal') {
      form.goal = t[0] ?? '';
      form.actual = t[1] ?? '';
      mode = 'head';
    } else if (first === '绩效指标') {
      mode = 'indicators';
    } else if (first === '总分') {
      form.total = { score: t[1] ?? '', grade: t[2] ?? '' };
      mode = 'analysis';
    } else if (mode === 'indicators') {
      let i = 0;
      let rowL1 = '';
      if (L1_A.has(compact(t[i]))) rowL1 = compact(t[i++]);
      if (compact(t[i]) in L2_TO_L1) {
        l2 = compact(t[i++]);
        if (!rowL1 && L2_TO_L1[l2] !== l1) rowL1 = L2_TO_L1[l2];
      }
      if (rowL1) l1 = rowL1;
      const level3 = t[i++] ?? '';
      const { values, points, score, reason } = splitScores(t.slice(i));
      const [initial, adjusted, actual] =
        values.length >= 3 ? values : values.length === 2 ? ['', ...values] : ['', '', values[0] ?? ''];
      form.indicators.push({ level1: l1, level2: l2, level3, initial, adjusted, actual, points, score, reason });
    } else if (mode === 'analysis' || first === '项目绩效分析') {
      mode = 'analysis';
      const rest = t.filter((x) => !['项目绩效分析', '自评结果分析'].includes(compact(x)));
      form.analysis.push({ label: rest[0] ?? '', text: rest.slice(1).join('') });
    }
  }
  form.title = `${form.project}项目支出绩效自评表`;
  return form;
}

const L2_B = [
  '数量指标',
  '质量指标',
  '时效指标',
  '成本指标',
  '经济效益指标',
  '社会效益指标',
  '生态效益指标',
  '可持续影响指标',
  '服务对象满意度指标',
];
const L1_OF_B = (l2: string): string =>
  L2_B.indexOf(l2) < 4 ? '产出指标' : L2_B.indexOf(l2) < 8 ? '效益指标' : '满意度指标';
const L1_B: Record<string, string> = {
  产出指标: '产出指标',
  效益指标: '效益指标',
  效益: '效益指标',
  满意度指标: '满意度指标',
  满意指标: '满意度指标',
};

function l2OfB(token: string): string | undefined {
  const c = compact(token);
  if (L2_B.includes(c)) return c;
  if (L2_B.includes(`${c}指标`)) return `${c}指标`;
  return undefined;
}

function parseFormB(index: number, begin: number, end: number, titles: string[]): FormB {
  const form: FormB = {
    layout: 'b',
    index,
    seedLine: begin + 1,
    heading: titles.length ? titles : ['附件 1', '项目支出绩效自评表'],
    project: '',
    department: '',
    unitLabel: '',
    unit: '',
    fundsLabel: '',
    fundsWeight: '',
    funds: [],
    goal: '',
    actual: '',
    indicators: [],
    total: null,
  };
  const weights: Record<string, string> = {};
  let mode: 'head' | 'goal' | 'indicators' | 'done' = 'head';
  let l2 = '';
  let shift = 0;
  for (let k = begin; k < end; k++) {
    const raw = lines[k];
    if (!isTabbed(raw)) continue;
    const c = cells(raw);
    const t = tokens(raw);
    if (t.length === 0) continue;
    const first = compact(t[0]);
    if (first === '项目名称') {
      form.project = t[1];
    } else if (first === '主管部门') {
      form.department = t[1];
      form.unitLabel = t[2];
      form.unit = t[3];
    } else if (first.startsWith('项目资金')) {
      form.fundsLabel = closeCjkGaps(t[0]);
    } else if (t.some((x) => compact(x) === '年度资金总额')) {
      const at = t.findIndex((x) => compact(x) === '年度资金总额');
      form.fundsWeight = at > 0 ? t[at - 1] : '';
      const v = t.slice(at + 1);
      const ci = c.findIndex((x) => compact(x) === '年度资金总额');
      shift = c[ci + 1] === '' && v.length >= 6 ? 1 : 0;
      form.funds.push({ label: '年度资金总额', initial: v[0], fullYear: v[1], executed: v[2], points: v[3], rate: v[4], score: v[5] });
    } else if (/当年财政拨款|上年结转资金|其他资金/u.test(first) && form.funds.length > 0) {
      const ci = c.findIndex((x) => /当年财政拨款|上年结转资金|其他资金/u.test(x));
      const hasNumber = c.slice(ci + 1).some((x) => isNumeric(x));
      const s = hasNumber ? shift : 0;
      const v = c.slice(ci + 1 + s);
      const row: FormFundRowB = { label: c[ci], initial: v[0] ?? '', fullYear: v[1] ?? '', executed: v[2] ?? '', points: v[3] ?? '', rate: v[4] ?? '', score: v[5] ?? '' };
      form.funds.push(row);
    } else if (first.startsWith('年度总体目标')) {
      const goalInline = t.find((x) => x.startsWith('预期目标') && x !== '预期目标');
      const actualInline = t.find((x) => x.startsWith('实际完成情况') && x !== '实际完成情况');
      if (goalInline || actualInline) {
        form.goal = (goalInline ?? '').replace(/^预期目标\s*/u, '');
        form.actual = (actualInline ?? '').replace(/^实际完成情况\s*/u, '');
      } else mode = 'goal';
    } else if (mode === 'goal') {
      form.goal = t[0] ?? '';
      form.actual = t[1] ?? '';
      mode = 'head';
    } else if (t.some((x) => compact(x) === '三级指标')) {
      mode = 'indicators';
      // the header row of the last form carries the first 一级/二级 labels
      for (const x of t) {
        const m = l2OfB(x);
        if (m) l2 = m;
      }
    } else if (first === '总分') {
      form.total = { points: t[1] ?? '', score: t[2] ?? '' };
      mode = 'done';
    } else if (mode === 'indicators') {
      let i = 0;
      let entry: string | undefined;
      let sawL2 = false;
      while (i < t.length) {
        const x = t[i];
        const cx = compact(x);
        if (cx in L1_B) {
          const l1 = L1_B[cx];
          if (/^\d+$/u.test(t[i + 1] ?? '')) weights[l1] = t[++i];
          i++;
          continue;
        }
        const m = l2OfB(x);
        if (m) {
          if (!l2 || L2_B.indexOf(m) >= L2_B.indexOf(l2)) l2 = m;
          sawL2 = true;
          i++;
          continue;
        }
        if (/^\d+$/u.test(x) && entry === undefined && i <= 2) {
          // a 权重 printed without its 一级 label
          i++;
          continue;
        }
        if (cx === '指标' || cx === '益指标') {
          i++;
          continue;
        }
        entry = x;
        i++;
        break;
      }
      if (entry === undefined) continue;
      const rest = t.slice(i);
      const isEntry = /^指标\s*\d/u.test(entry) || /^[—.…-]+$/u.test(entry);
      if (!isEntry) {
        // the rest of a 三级指标 name cut by the line break
        const prev = form.indicators[form.indicators.length - 1];
        if (prev) prev.level3 = closeCjkGaps(prev.level3 + entry);
        continue;
      }
      const num = /^指标\s*(\d+)/u.exec(entry);
      const slot = num && Number(num[1]) < 10 ? Number(num[1]) : num ? 1 : 0;
      if (!sawL2 && slot === 1 && l2 && form.indicators.some((r) => r.level2 === l2 && /^指标\s*1\b/u.test(r.level3))) {
        l2 = L2_B[Math.min(L2_B.indexOf(l2) + 1, L2_B.length - 1)];
      }
      if (!l2) l2 = L2_B[0];
      const { values, points, score, reason } = splitScores(rest);
      form.indicators.push({
        level1: L1_OF_B(l2),
        weight: '',
        level2: l2,
        level3: closeCjkGaps(entry),
        target: values[0] ?? '',
        actual: values[1] ?? '',
        points,
        score,
        reason,
      });
    }
  }
  for (const r of form.indicators) r.weight = weights[r.level1] ?? '';
  return form;
}

// ---------------------------------------------------------------- assemble

const overviewAt = findLine(/^第一部分 概况$/u);
const tablesAt = findLine(/^第二部分 2024年部门决算表$/u, overviewAt);
const explanationAt = findLine(/^第三部分 情况说明$/u, tablesAt);
const glossaryAt = findLine(/^第四部分 名词解释$/u, explanationAt);
const annexAt = findLine(/^第五部分 附件$/u, glossaryAt);

const tables = parseTables(tablesAt);
const forms: SeedForm[] = formRegions(annexAt).map(({ begin, end, titles }, k) => {
  const isB = titles.some((x) => /^附件\s*1$/u.test(x)) || /^项目名称\t[^\t]/u.test(lines[begin]);
  return isB ? parseFormB(k + 1, begin, end, titles) : parseFormA(k + 1, begin, end, titles);
});

const data: SeedData = {
  source: `../shared/seed/${SEED_NAME}`,
  document: { department: '汾阳市公安局', year: 2024, kind: 'final', title: '2024年度单位决算公开' },
  overview: paragraphs(overviewAt + 1, tablesAt),
  explanation: paragraphs(explanationAt + 1, glossaryAt),
  glossary: paragraphs(glossaryAt + 1, annexAt),
  tables,
  forms,
  decisions,
};

applyFixes(data);
checkForms(data);
fs.writeFileSync(outPath, `${JSON.stringify(data, null, 1)}\n`);
console.log(`wrote ${path.relative(process.cwd(), outPath)}: ${tables.length} tables, ${forms.length} forms`);

// ---------------------------------------------------------------- fixes

function formByProject(d: SeedData, project: string): SeedForm {
  const f = d.forms.find((x) => x.project === project);
  if (!f) throw new Error(`fix: no form ${project}`);
  return f;
}

function applyFixes(d: SeedData): void {
  const note = (s: string): void => void d.decisions.push(s);

  note(
    'Seed titles of the layout (a) forms are cut off by the text extraction (e.g. "…项目支出绩", "…项目支"); ' +
      'the PDF prints each as "<项目名称>项目支出绩效自评表" with its (2024年度) line.',
  );
  for (const f of d.forms) {
    if (f.layout === 'a' && f.funds[0] && f.funds[0].score === '' && f.funds[1]?.score !== '') {
      note(
        `附件 ${f.project}: the 资金总额 row prints only six numbers (the ${f.funds[1].label} row has seven); ` +
          'read as 目标申报数, 预算编制数, 全年预算数, 全年执行数, 资金结(转)余, 执行率 with the 得分 cell blank.',
      );
    }
  }

  // 因公出国办案专项经费: the 年度资金总额 row is shifted one cell right in the seed.
  note(
    '附件 因公出国办案专项经费: the 年度资金总额 and 当年财政拨款 rows are shifted one cell to the right in the seed text; ' +
      'read in order as 年初预算数 15, 全年预算数 15, 全年执行数 7.06, 分值 10, 执行率 47.07%, 得分 4.7.',
  );

  const chenbei = formByProject(d, '汾阳市公安局辰北派出所业务技术用房建设其他费用（前期费用）');
  if (chenbei.actual === '') {
    chenbei.goal = '该费用用于建设辰北派出所公安业务技术用房前期费用，及时实施该项目，并按照规定保质保量完成。';
    chenbei.actual = '圆满完成预期目标';
    note(
      '附件 汾阳市公安局辰北派出所业务技术用房建设其他费用（前期费用）: the seed interleaves the 预期目标 and 实际完成情况 cells ' +
        '("…及时实施该项目，并圆满完成预期目标 按照规定保质保量完成。"); read as 预期目标 "…及时实施该项目，并按照规定保质保量完成。" ' +
        'and 实际完成情况 "圆满完成预期目标" as in the other layout (b) forms.',
    );
  }

  const polo = formByProject(d, '破获命案积案奖金');
  if (polo.layout === 'b') {
    const first = polo.indicators.find((r) => r.level2 === '社会效益指标');
    if (first && first.level3.startsWith('指标 1') && first.target === '') {
      first.level2 = '经济效益指标';
      note(
        '附件 破获命案积案奖金: the line "社会效益 指标 | 经济效益 指标 | 指标 1:" carries both 二级 labels; the empty 指标 1 is ' +
          'read as the 经济效益指标 row and the next 指标 1 (社会治安稳定性) as the 社会效益指标 row.',
      );
    }
  }

  const zengbo = formByProject(d, '增拨办案经费');
  if (zengbo.layout === 'b') {
    const k = zengbo.indicators.findIndex((r) => r.level2 === '质量指标');
    if (k > 0 && zengbo.indicators[k].level3.startsWith('指标 2')) {
      zengbo.indicators[k].level2 = '数量指标';
      note(
        '附件 增拨办案经费: the 质量指标 label is printed on the line of the empty 指标 2 that follows the 数量指标 row; ' +
          'that 指标 2 is kept under 数量指标. The first 三级指标 is printed "指标 2024 年办理案件 数" and kept as printed (spaces inside words removed).',
      );
    }
    if (zengbo.total) {
      note(
        '附件 增拨办案经费 (the last form): this copy of the seed ends with its 总分 row (分值 100, 得分 100), so the form has a ' +
          'score_total fact of 100 (../shared/corpus/excel truth notes say the seed ends before that row).',
      );
    }
  }

  for (const f of d.forms) {
    if (f.layout !== 'b') continue;
    const missing = [...new Set(f.indicators.filter((r) => r.weight === '').map((r) => r.level1))];
    if (missing.length) {
      note(`附件 ${f.project}: no 权重 is printed for ${missing.join('、')} (the label is split across lines); the cell is left blank.`);
    }
  }
  note(
    'Layout (b) forms: 三级指标 names broken over two lines in the seed ("社会治安稳定" + "性", "确保基层治" + "理规范有序") are joined; ' +
      'spaces the extraction left between CJK characters ("满意 度") are removed.',
  );
}

/** Sanity checks on the parsed forms; failures are printed, not thrown, so FIXES can be written. */
function checkForms(d: SeedData): void {
  for (const f of d.forms) {
    const problems: string[] = [];
    if (!f.project) problems.push('no project');
    if (f.funds.length === 0) problems.push('no funds');
    if (!f.goal) problems.push('no goal');
    if (f.indicators.length === 0) problems.push('no indicators');
    if (f.layout === 'a') {
      for (const r of f.indicators) if (!r.points || !r.level1 || !r.level2) problems.push(`row ${r.level3}: ${JSON.stringify(r)}`);
      if (!f.total.score) problems.push('no total');
    } else {
      if (!f.total) problems.push('no total');
    }
    if (problems.length) console.log(`form ${f.index} ${f.project}: ${problems.join('; ')}`);
  }
}

