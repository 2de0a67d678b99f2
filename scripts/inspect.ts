/**
 * Dev tool: what the reader sees on some pages of a PDF — prose lines, grids (builder, size, cell texts) — and
 * which table each grid was assigned to. `npx tsx scripts/inspect.ts FILE.pdf [PAGE…]`
 */
import { readFileSync } from 'node:fs';
import { openPdf } from '../src/sources/pdf.js';
import { pageTables } from '../src/tables/page.js';
import { toMatrix } from '../src/tables/grid.js';

const [file, ...pageArgs] = process.argv.slice(2);
const src = await openPdf(file, new Uint8Array(readFileSync(file)));
const pages = pageArgs.length ? pageArgs.map(Number) : Array.from({ length: src.numPages }, (_, i) => i + 1);
for (const n of pages) {
  const page = await src.page(n);
  const lay = pageTables(page);
  console.log(`=== page ${n} (${page.source}, ${page.items.length} runs, ${page.rules.length} rules)`);
  for (const l of lay.lines) console.log(`  line y=${l.y0.toFixed(0)} x=${l.x0.toFixed(0)}: ${l.text}`);
  for (const g of lay.grids) {
    console.log(`  grid ${g.method} ${g.nRows}x${g.nCols} box=${[g.box.x0, g.box.y0, g.box.x1, g.box.y1].map((v) => v.toFixed(0)).join(',')}`);
    const m = toMatrix(g);
    m.forEach((row, r) => console.log(`    ${r}: ` + row.map((c) => (c ? (c.row === r && c.col === row.indexOf(c) ? c.text : '^') : '·')).join(' | ')));
  }
}
await src.close();
