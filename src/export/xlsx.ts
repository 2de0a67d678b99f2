/**
 * XLSX export (exceljs): a `document` sheet, one sheet per table laid out like the original (printed labels,
 * canonical keys beside them, numbers as numbers with the unit stated), a long `facts` sheet, `issues`, and the
 * evaluation forms (`forms`, `indicators`).
 */
import ExcelJS from 'exceljs';
import type { Extraction, TableRecord } from '../model/schema.js';

const NUMFMT = '#,##0.00##';

function sheetName(t: TableRecord, used: Set<string>): string {
  let base = (t.label ? `${t.label} ` : '') + t.kind;
  base = base.replace(/[\\/*?:[\]]/g, '_').slice(0, 28);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)}_${i}`;
  used.add(name);
  return name;
}

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}

export function buildWorkbook(doc: Extraction): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'yjsgk';
  const info = wb.addWorksheet('document');
  info.columns = [{ width: 22 }, { width: 60 }];
  const d = doc.document;
  const rows: [string, string | number | null | undefined][] = [
    ['department', d.department], ['year', d.year], ['kind', d.kind], ['source', d.source], ['format', d.format],
    ['pages', d.pages], ['sha256', d.sha256], ['ocr pages', d.ocrPages?.join(',') ?? ''], ['tables', doc.tables.length],
    ['facts', doc.facts.length], ['issues', doc.issues.length], ['forms', doc.forms.length],
    ['pipeline', `${doc.pipeline.name} ${doc.pipeline.version}`],
  ];
  for (const [k, v] of rows) info.addRow([k, v ?? '']);
  info.getColumn(1).font = { bold: true };

  const used = new Set(['document', 'facts', 'issues', 'forms', 'indicators', 'tables']);
  const list = wb.addWorksheet('tables');
  list.columns = [
    { header: 'kind', width: 22 }, { header: 'label', width: 12 }, { header: 'title', width: 40 },
    { header: 'pages', width: 10 }, { header: 'unit', width: 8 }, { header: 'empty', width: 8 }, { header: 'method', width: 10 },
    { header: 'sheet', width: 28 },
    // tables[].quality
    { header: 'amounts', width: 9 }, { header: 'matched', width: 9 }, { header: 'coverage', width: 9 },
    { header: 'unmatched (page:text)', width: 40 }, { header: 'orphans', width: 8 }, { header: 'cut runs', width: 8 },
    { header: 'unkeyed columns', width: 24 }, { header: 'conflicts', width: 9 }, { header: 'identities checked', width: 10 },
    { header: 'held', width: 8 }, { header: 'broken', width: 8 },
  ];
  bold(list.getRow(1));
  for (const t of doc.tables) {
    const name = sheetName(t, used);
    const q = t.quality;
    list.addRow([
      t.kind, t.label ?? '', t.title, t.pages.join(','), t.unit, t.empty ? 'yes' : '', t.method ?? '', name,
      ...(q
        ? [q.tokens, q.matched, q.coverage, q.unmatched.map((u) => `${u.page}:${u.text}`).join(' '), q.orphans.length, q.cutRuns.length,
          q.unkeyedColumns.map((c) => c.label || c.key).join(' | '), q.conflicts.length, q.identities?.checked ?? '',
          q.identities?.held ?? '', q.identities?.broken.length ?? '']
        : []),
    ]);
    const ws = wb.addWorksheet(name);
    ws.addRow([t.title]).font = { bold: true, size: 13 };
    ws.addRow([`${t.label ?? ''}  单位：${t.unit}  页：${t.pages.join(',')}${t.empty ? '  （本表无数据）' : ''}`]);
    const lead = ['row key', 'code', '项目 (as printed)'];
    // the printed header rows, each label above its column (the code/name labels in the name column)
    const valueCols = new Set(t.columns.map((c) => c.gridColumn));
    for (const h of t.header) {
      const lead = [...new Set(h.filter((_, i) => !valueCols.has(i)).filter(Boolean))].join(' / ');
      ws.addRow(['', '', lead, ...t.columns.map((c) => (c.gridColumn !== undefined ? h[c.gridColumn] ?? '' : ''))]).font = {
        bold: true, color: { argb: 'FF555555' },
      };
    }
    const labels = ws.addRow([...lead, ...t.columns.map((c) => c.label)]);
    bold(labels);
    ws.addRow(['', '', 'column key →', ...t.columns.map((c) => c.key)]).font = { italic: true, color: { argb: 'FF1F4E79' } };
    for (const r of t.rows) {
      const byCol = new Map(r.cells.map((c) => [c.column, c]));
      const values = t.columns.map((c) => {
        // two-sided tables: a row belongs to the columns of its own side
        if (c.side && !r.key.startsWith(`${c.side}:`)) return null;
        const cell = byCol.get(c.key.includes('.') ? c.key.split('.').slice(1).join('.') : c.key);
        if (!cell) return null;
        return cell.value ?? (cell.text || null);
      });
      const row = ws.addRow([r.key, r.code ?? '', r.label, ...values]);
      for (let i = 0; i < values.length; i++) if (typeof values[i] === 'number') row.getCell(4 + i).numFmt = NUMFMT;
    }
    ws.getColumn(1).width = 30;
    ws.getColumn(2).width = 10;
    ws.getColumn(3).width = 36;
    for (let i = 0; i < t.columns.length; i++) ws.getColumn(4 + i).width = 16;
  }

  const facts = wb.addWorksheet('facts');
  facts.columns = [
    { header: 'table', key: 'table', width: 20 }, { header: 'row', key: 'row', width: 36 },
    { header: 'column', key: 'column', width: 18 }, { header: 'value', key: 'value', width: 16, style: { numFmt: NUMFMT } },
    { header: 'unit', key: 'unit', width: 6 }, { header: 'page', key: 'page', width: 6 },
    { header: 'row label', key: 'rowLabel', width: 36 }, { header: 'column label', key: 'columnLabel', width: 36 },
    { header: 'printed', key: 'printed', width: 14 }, { header: 'source', key: 'source', width: 8 },
    { header: 'flags', key: 'flags', width: 16 },
  ];
  bold(facts.getRow(1));
  for (const f of doc.facts) facts.addRow({ ...f, flags: f.flags?.join(',') ?? '' });
  facts.autoFilter = { from: 'A1', to: 'K1' };

  const issues = wb.addWorksheet('issues');
  issues.columns = [
    { header: 'severity', key: 'severity', width: 9 }, { header: 'rule', key: 'rule', width: 26 },
    { header: 'message', key: 'message', width: 80 }, { header: 'page', key: 'page', width: 6 },
    { header: 'where', key: 'where', width: 50 }, { header: 'expected', key: 'expected', width: 12 },
    { header: 'printed', key: 'printed', width: 12 }, { header: 'tolerance', key: 'tolerance', width: 10 },
    { header: 'suspect', key: 'suspect', width: 30 }, { header: 'sentence', key: 'sentence', width: 60 },
  ];
  bold(issues.getRow(1));
  const refText = (r: { table: string; row?: string; column?: string }) => [r.table, r.row, r.column].filter(Boolean).join(' / ');
  for (const i of doc.issues) {
    issues.addRow({ ...i, where: i.refs.map(refText).join('; '), suspect: i.suspect ? refText(i.suspect) : '' });
  }
  issues.autoFilter = { from: 'A1', to: 'J1' };

  // evaluation forms: one row per form (its money-total row and score), one row per indicator
  const forms = wb.addWorksheet('forms');
  forms.columns = [
    { header: 'row key', key: 'key', width: 36 }, { header: 'project', key: 'project', width: 40 },
    { header: 'layout', key: 'layout', width: 7 }, { header: 'pages', key: 'pages', width: 8 },
    { header: '主管部门', key: 'department', width: 20 }, { header: '代码', key: 'departmentCode', width: 8 },
    { header: '实施/预算单位', key: 'unit', width: 24 }, { header: '单位代码', key: 'unitCode', width: 10 },
    { header: '金额单位', key: 'moneyUnit', width: 8 }, { header: '目标申报数', key: 'declared', width: 12 },
    { header: '年初预算数', key: 'budgetInitial', width: 12 }, { header: '全年预算数', key: 'budgetFullYear', width: 12 },
    { header: '全年执行数', key: 'executed', width: 12 }, { header: '资金结(转)余', key: 'balance', width: 12 },
    { header: '执行率%', key: 'executionRate', width: 9 }, { header: '资金分值', key: 'moneyWeight', width: 8 },
    { header: '资金得分', key: 'moneyScore', width: 8 }, { header: '总分分值', key: 'weightTotal', width: 8 },
    { header: '总分', key: 'scoreTotal', width: 7 }, { header: '评价等级', key: 'grade', width: 8 },
    { header: '指标数', key: 'nIndicators', width: 7 }, { header: '年度目标', key: 'goal', width: 60 },
    { header: '实际完成情况', key: 'achieved', width: 60 }, { header: 'checks', key: 'checks', width: 80 },
  ];
  bold(forms.getRow(1));
  const ind = wb.addWorksheet('indicators');
  ind.columns = [
    { header: 'row key', key: 'key', width: 36 }, { header: 'project', key: 'project', width: 40 },
    { header: '一级指标', key: 'level1', width: 12 }, { header: '一级权重', key: 'level1Weight', width: 8 },
    { header: '二级指标', key: 'level2', width: 14 }, { header: '三级指标', key: 'level3', width: 30 },
    { header: '年初/年度指标值', key: 'target', width: 16 }, { header: '调整后指标值', key: 'targetAdjusted', width: 16 },
    { header: '实际完成值', key: 'actual', width: 16 }, { header: '指标 运算', key: 'op', width: 8 },
    { header: '指标 数值', key: 'targetNumber', width: 10 }, { header: '实际 数值', key: 'actualNumber', width: 10 },
    { header: '计量单位', key: 'valueUnit', width: 10 }, { header: '分值', key: 'weight', width: 7 },
    { header: '得分', key: 'score', width: 7 }, { header: '偏差原因', key: 'deviation', width: 30 },
    { header: 'page', key: 'page', width: 6 },
  ];
  bold(ind.getRow(1));
  for (const f of doc.forms) {
    const total = f.money[0];
    forms.addRow({
      ...f, pages: f.pages.join(','), declared: total?.declared, budgetInitial: total?.budgetInitial,
      budgetFullYear: total?.budgetFullYear, executed: total?.executed, balance: total?.balance,
      executionRate: total?.executionRate, moneyWeight: total?.weight, moneyScore: total?.score,
      nIndicators: f.indicators.length, checks: (f.checks ?? []).map((c) => c.message).join('; '),
    });
    for (const i of f.indicators) {
      // the adjusted value is the one the year was measured against, where the form has one
      const goal = i.targetAdjusted ?? i.target;
      ind.addRow({
        ...i, key: f.key, project: f.project, target: i.target?.text, targetAdjusted: i.targetAdjusted?.text,
        actual: i.actual?.text, op: goal?.op, targetNumber: goal?.number, actualNumber: i.actual?.number,
        valueUnit: goal?.unit ?? i.actual?.unit,
      });
    }
  }
  return wb;
}

export async function writeXlsx(doc: Extraction, file: string): Promise<void> {
  await buildWorkbook(doc).xlsx.writeFile(file);
}
