/**
 * A 部门预算 printed as the wider family of provinces prints it (scripts/samples/family.ts: labels of every style,
 * titles with their unit on the line, broken over two lines or inside the grid, a long table continued without
 * its title, two tables on one page, an empty 国有资本经营预算支出表 with its 本部门无… note, 情况表 / 明细表 /
 * 一览表, the 部门整体支出绩效目标表, the tables under a 附件 heading, a table without rulings and without a
 * title, a two-column table no builder lays out), rendered by a real producer (Chromium's print to PDF, and
 * LibreOffice Writer where it is installed). Every table is found, and no amount printed on a table page is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Extraction } from '../src/model/schema.js';
import { familyTables, familyHtml } from '../scripts/samples/family.js';
import { printHtml } from '../scripts/samples/producers.js';
import { hasTool } from './helpers/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-family-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PRODUCERS = [
  { producer: 'chromium' as const, installed: hasTool('chromium', ['--version']) },
  { producer: 'writer' as const, installed: hasTool('soffice', ['--version']) },
];

const fact = (doc: Extraction, table: string, row: string, column: string) => doc.facts.find((f) => f.table === table && f.row === row && f.column === column);

for (const { producer, installed } of PRODUCERS) {
  describe.skipIf(!installed)(`family-${producer}.pdf (the wider family's layouts, printed by ${producer})`, () => {
    let doc: Extraction;
    beforeAll(async () => {
      doc = await extract(printHtml(familyHtml(), producer, dir, `family-${producer}`));
    }, 600_000);

    it('finds every table of the family, under its kind', () => {
      const kinds = doc.tables.map((t) => t.kind);
      for (const t of familyTables().filter((x) => x.kind !== 'other:')) expect(kinds).toContain(t.kind);
      expect(doc.document).toMatchObject({ year: 2026, kind: 'budget' });
    });

    it('reads titles with the unit on the line, broken over two lines, inside the grid, after labels of any style', () => {
      // 预算表2：…2026年部门收入预算表    单位：万元
      expect(fact(doc, 'budget_income', '2130104', 'business')?.printed).toBe('200.00');
      expect(doc.tables.find((t) => t.kind === 'budget_income')?.unit).toBe('万元');
      // 附表1-3 / …2026年部门支出 / 预算表
      expect(doc.tables.find((t) => t.kind === 'budget_expenditure')?.label).toBe('附表1-3');
      expect(fact(doc, 'budget_expenditure', '2130153', 'project')?.printed).toBe('649.92');
      // the title in the grid's first row
      expect(fact(doc, 'budget_general_basic', '30211', 'public')?.printed).toBe('300.00');
      // 公开表7 / 一般公共预算“三公”经费支出情况表
      expect(doc.facts.filter((f) => f.table === 'budget_three_public').map((f) => f.printed)).toEqual(['48.60', '0.00', '36.20', '0.00', '36.20', '12.40']);
      // 附件1-8 …政府采购预算明细表
      expect(doc.facts.filter((f) => f.table === 'budget_procurement').map((f) => f.printed)).toContain('129.10');
      // 部门整体支出绩效目标表: its money
      expect(doc.facts.filter((f) => f.table === 'budget_performance_target').map((f) => f.printed)).toContain('3,456.78');
    });

    it('the empty 政府性基金 and 国有资本经营 tables printed on one page are found, empty, with their note', () => {
      const fund = doc.tables.find((t) => t.kind === 'budget_gov_fund');
      const capital = doc.tables.find((t) => t.kind === 'budget_state_capital');
      expect(fund?.empty).toBe(true);
      expect(capital?.empty).toBe(true);
      expect(capital?.noData).toBeDefined();
      expect(fund?.pages).toEqual(capital?.pages);
    });

    it('a project list continued on the next page without its title is one table', () => {
      const project = doc.tables.find((t) => t.kind === 'budget_project')!;
      expect(project.pages.length).toBeGreaterThanOrEqual(2);
      expect(doc.facts.filter((f) => f.table === 'budget_project' && f.column === 'total')).toHaveLength(47);
    });

    it('table pages no standard title names still give their amounts, flagged unclassified', () => {
      const unlisted = doc.tables.filter((t) => t.unlisted);
      // the untitled table without rulings and the two-column table (named from its heading)
      expect(unlisted.map((t) => t.kind)).toContain('other:2026年部门预算收入来源');
      expect(unlisted.length).toBeGreaterThanOrEqual(2);
      const facts = doc.facts.filter((f) => unlisted.some((t) => t.kind === f.table));
      expect(facts.every((f) => f.flags?.includes('unclassified'))).toBe(true);
      expect(facts.map((f) => f.printed)).toEqual(expect.arrayContaining(['380.12', '713.68', '3,256.78', '200.00', '3,456.78']));
      expect(doc.tables.find((t) => t.kind === 'other:2026年部门预算收入来源')?.unit).toBe('万元');
    });

    it('every amount printed in a table is a fact (quality report), and the narrative with amounts stays prose', () => {
      for (const t of doc.tables.filter((x) => x.quality)) expect(t.quality!.coverage, t.kind).toBe(1);
      const tablePages = new Set(doc.tables.flatMap((t) => t.pages));
      const prose = doc.narrative.filter((s) => /万元/.test(s.text));
      expect(prose.length).toBeGreaterThan(0);
      for (const s of prose) expect(tablePages.has(s.page ?? -1), s.heading).toBe(false);
    });
  });
}
