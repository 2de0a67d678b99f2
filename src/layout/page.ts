/**
 * Page layout: runs of one page → table grids (lattice where rules are drawn, stream otherwise) and the prose
 * lines outside them.
 */
import type { PageContent, TextItem } from '../model/page.js';
import type { Grid, GridBuilder } from '../tables/grid.js';
import { latticeBuilder } from '../tables/lattice.js';
import { streamBuilder } from '../tables/stream.js';
import type { PageLayout } from '../segment/segment.js';
import { groupLines } from './lines.js';

export const BUILDERS: GridBuilder[] = [latticeBuilder, streamBuilder];

function inside(it: TextItem, g: Grid): boolean {
  const cx = (it.x0 + it.x1) / 2;
  const cy = (it.y0 + it.y1) / 2;
  return cx >= g.box.x0 - 1 && cx <= g.box.x1 + 1 && cy >= g.box.y0 - 1 && cy <= g.box.y1 + 1;
}

export function layoutPage(page: PageContent, builders: GridBuilder[] = BUILDERS): PageLayout {
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
