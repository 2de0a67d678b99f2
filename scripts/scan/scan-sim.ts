/**
 * Makes a simulated scan of a PDF (see scripts/scan/simulate.ts):
 *   node --import tsx scripts/scan/scan-sim.ts IN.pdf OUT.pdf [first-last|n,n,...] [dpi]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { simulateScan } from './simulate.js';

const [input, output, range, dpi] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node --import tsx scripts/scan/scan-sim.ts IN.pdf OUT.pdf [first-last|n,n,...] [dpi]');
  process.exit(2);
}
const pages = range
  ? range.split(',').flatMap((part) => {
      const [a, b] = part.split('-').map(Number);
      return b ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : [a];
    })
  : undefined;
const bytes = await simulateScan(new Uint8Array(await readFile(input)), { pages, dpi: dpi ? Number(dpi) : undefined });
await writeFile(output, bytes);
console.log(`${output}: ${pages?.length ?? 'all'} pages scanned, ${(bytes.length / 1024).toFixed(0)} KiB`);
