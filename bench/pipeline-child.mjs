// One benchmark measurement in a fresh plain-node process (no TypeScript loader, which would inflate memory):
// `pipeline` (the whole yjsgk pipeline from dist/), `pipeline-once` (the same, each page read by one builder
// hypothesis) or `pdfjs` (pdf.js alone: getTextContent + getOperatorList on
// every page, with the same cMap and font options the pipeline uses). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

const [mode, rounds, ...files] = process.argv.slice(2);
const datas = files.map((f) => new Uint8Array(readFileSync(f)));
const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const opts = {
  cMapUrl: pathToFileURL(path.join(root, 'cmaps') + path.sep).href,
  cMapPacked: true,
  standardFontDataUrl: pathToFileURL(path.join(root, 'standard_fonts') + path.sep).href,
  disableFontFace: true,
  verbosity: 0,
};

async function pdfjsAlone(data) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), ...opts }).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    await page.getOperatorList();
    page.cleanup();
  }
  const pages = doc.numPages;
  await doc.destroy();
  return pages;
}

const { extract } = await import(new URL('../dist/index.js', import.meta.url).href);
async function pipeline(data, name) {
  const doc = await extract({ name, data }, { ocr: 'never', ...(mode === 'pipeline-once' ? { hypotheses: false } : {}) });
  return doc.document.pages ?? 0;
}

let best = Infinity;
let pages = 0;
for (let r = 0; r < Number(rounds); r++) {
  const t0 = performance.now();
  pages = 0;
  for (let i = 0; i < datas.length; i++) pages += mode === 'pdfjs' ? await pdfjsAlone(datas[i]) : await pipeline(datas[i], files[i]);
  best = Math.min(best, performance.now() - t0);
}
console.log(JSON.stringify({ mode, pages, ms: best, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
