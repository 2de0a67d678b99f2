/**
 * The tables stage of one page: its runs and rules → table grids (lattice where rules are drawn, stream
 * otherwise; each builder sees only the runs the ones before it left outside their grids) and the prose lines
 * (layout stage) outside them. Its output, PageLayout, is what segmentation reads.
 */
import type { PageContent, TextItem } from '../model/page.js';
import { groupLines, type TextLine } from '../layout/lines.js';
import type { Grid, GridBuilder } from './grid.js';
import { latticeBuilder } from './lattice.js';
import { streamBuilder } from './stream.js';

/** One page after the tables stage: prose lines and table grids, in PDF points (top-left origin). */
export interface PageLayout {
  page: number;
  width: number;
  height: number;
  lines: TextLine[];
  grids: Grid[];
  /** all text runs of the page, where the layout keeps them (a form printed without rulings is read from them) */
  items?: TextItem[];
  /** where the page's text came from */
  source?: 'text' | 'ocr' | 'sheet' | 'blank';
  /** a sheet's tab name (PageContent.tabName) */
  tabName?: TextItem;
}

export const BUILDERS: GridBuilder[] = [latticeBuilder, streamBuilder];

/**
 * Another reading of a page's tables, tried where the first one (BUILDERS) leaves printed amounts without a fact:
 * a page whose rulings are partial (a frame, header rules, rules under some rows) may read better by alignment
 * alone. The document stages judge the hypotheses (coverage, then identities); this only builds them.
 */
export interface Hypothesis {
  name: string;
  builders: GridBuilder[];
  /** whether the hypothesis can differ from the first reading of this page */
  applies(page: PageContent, first: PageLayout): boolean;
}

export const HYPOTHESES: Hypothesis[] = [
  {
    name: 'alignment without the rulings',
    builders: [streamBuilder],
    applies: (page, first) => page.rules.length > 0 && first.grids.some((g) => g.method === 'lattice'),
  },
];

function inside(it: TextItem, g: Grid): boolean {
  const cx = (it.x0 + it.x1) / 2;
  const cy = (it.y0 + it.y1) / 2;
  return cx >= g.box.x0 - 1 && cx <= g.box.x1 + 1 && cy >= g.box.y0 - 1 && cy <= g.box.y1 + 1;
}

export function pageTables(page: PageContent, builders: GridBuilder[] = BUILDERS): PageLayout {
  // a sheet's grids are ready-made: passed through; its runs are its prose (the cells stand for its text)
  if (page.grids) {
    return { page: page.page, width: page.width, height: page.height, lines: groupLines(page.items), grids: page.grids, source: page.source, ...(page.tabName ? { tabName: page.tabName } : {}) };
  }
  let grids: Grid[] = [];
  for (const b of builders) {
    // later builders only see the runs earlier builders left outside their grids
    const rest = grids.length ? { ...page, items: page.items.filter((it) => !grids.some((g) => inside(it, g))) } : page;
    grids = grids.concat(b.build(rest));
  }
  grids.sort((a, b) => a.box.y0 - b.box.y0);
  const outside = page.items.filter((it) => !grids.some((g) => inside(it, g)));
  // the raw runs stay available for readers that rebuild a layout themselves (forms printed without rulings)
  return { page: page.page, width: page.width, height: page.height, lines: groupLines(outside), grids, items: page.items, source: page.source };
}
