/**
 * The review page of the 58-page sample: the time to write it (rendering its table and form pages) against
 * extract() of the same file, and the time headless Chromium takes to open it (load and first frame), median of
 * five fresh tabs, against opening a blank page in the same browser.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/api.js';
import { writeOutputs } from '../src/export/index.js';
import { launch } from '../tests/helpers/browser.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<void> {
  const file = path.join(root, 'samples', 'fenyang-2024-final.pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-bench-review-'));
  let t0 = performance.now();
  const doc = await extract(file);
  const extractMs = performance.now() - t0;
  t0 = performance.now();
  await writeOutputs(doc, dir, 'doc', ['html'], { input: file });
  const writeMs = performance.now() - t0;
  const html = path.join(dir, 'doc.html');
  const blank = path.join(dir, 'blank.html');
  writeFileSync(blank, '<!doctype html><title>x</title>');
  const browser = await launch();
  try {
    const open = async (f: string) => {
      const ts: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await browser.open(f);
        ts.push(r.ms);
        await r.page.close();
      }
      return median(ts);
    };
    const blankMs = await open(blank);
    const pageMs = await open(html);
    console.log(`review page of ${path.basename(file)}: ${doc.document.pages} pages, ${(statSync(html).size / 1048576).toFixed(1)} MB`);
    console.log(`  written in ${writeMs.toFixed(0)} ms (extract ${extractMs.toFixed(0)} ms: ${(writeMs / extractMs).toFixed(2)}×)`);
    console.log(`  opened in ${pageMs.toFixed(0)} ms in headless Chromium (blank page ${blankMs.toFixed(0)} ms), median of 5`);
  } finally {
    await browser.close();
  }
}
