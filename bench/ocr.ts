/**
 * OCR speed and accuracy: seconds per scanned page through the whole pipeline (render, deskew, ruling lines,
 * cell-by-cell recognition in a worker pool, layout, normalisation), against the native `tesseract` CLI
 * reading the same page images whole (chi_sim, psm 3) in the same run — one process (one core), and two
 * processes on halves of the pages (both cores, as the pool uses them). Accuracy: the facts scored against
 * the truth.
 *
 * Input: the 200-dpi scan of ghzyj from ../shared when it is there, else a simulated scan of the sample's
 * table pages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/api.js';
import { openPdf } from '../src/sources/pdf.js';
import { renderPage, toPgm } from '../src/ocr/image.js';
import { resolveTessdata } from '../src/ocr/tessdata.js';
import { simulateScan } from '../scripts/scan/simulate.js';
import { score, type Truth } from '../tests/helpers/score.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.YJSGK_SHARED ?? path.resolve(root, '../shared');

async function input(): Promise<{ name: string; data: Uint8Array; truth?: Truth; kinds?: string[] }> {
  const scan = path.join(shared, 'corpus/scanned/shanghai-putuo-ghzyj-2024-final-scan200.pdf');
  if (existsSync(scan)) {
    return {
      name: scan,
      data: new Uint8Array(readFileSync(scan)),
      truth: JSON.parse(readFileSync(path.join(shared, 'corpus/final/shanghai-putuo-ghzyj-2024-final.truth.json'), 'utf8')),
    };
  }
  const sample = path.join(root, 'samples/fenyang-2024-final.pdf');
  const kinds = ['summary', 'income', 'expenditure', 'fiscal_summary'];
  return {
    name: 'fenyang-2024-final-scan.pdf',
    data: await simulateScan(new Uint8Array(readFileSync(sample)), { pages: [5, 6, 7, 8, 9] }),
    truth: JSON.parse(readFileSync(path.join(root, 'samples/fenyang-2024-final.truth.json'), 'utf8')),
    kinds,
  };
}

function runTesseract(list: string, dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('tesseract', [list, 'stdout', '-l', 'chi_sim', '--psm', '3', '--dpi', '200'], {
      env: { ...env, TESSDATA_PREFIX: dir, OMP_THREAD_LIMIT: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`tesseract exited ${code}`))));
  });
}

export async function run(): Promise<void> {
  const src = await input();
  const pdf = await openPdf(src.name, src.data);
  const n = pdf.numPages;
  console.log(`input: ${path.basename(src.name)}, ${n} scanned pages`);

  // ours: the whole pipeline (the pool's start-up is part of it, once per process)
  const t0 = performance.now();
  const doc = await extract({ name: src.name, data: src.data });
  const ours = (performance.now() - t0) / 1000;
  const perPage = ours / n;
  console.log(`yjsgk extract (tesseract.js pool, OCR of ${doc.document.ocrPages?.length ?? 0} pages): ${ours.toFixed(1)} s, ${perPage.toFixed(2)} s/page`);
  if (src.truth) {
    const truth = src.kinds
      ? { ...src.truth, tables: src.truth.tables.filter((k) => src.kinds!.includes(k)), facts: src.truth.facts.filter((f) => src.kinds!.includes(f.table)) }
      : src.truth;
    const s = score(doc, truth);
    const flagged = doc.facts.filter((f) => f.flags?.some((x) => x !== 'ocr')).length;
    console.log(`facts right: recall ${s.recall.toFixed(4)}, precision ${s.precision.toFixed(4)}, tables ${s.tableRecall.toFixed(2)}; ${flagged} facts flagged low_confidence/sum_mismatch`);
  }

  // native tesseract on the same page images, rendered the same way
  const has = spawnSync('tesseract', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!has) {
    console.log('native tesseract: not installed, no baseline');
    await pdf.close();
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-bench-ocr-'));
  try {
    const files: string[] = [];
    for (let i = 1; i <= n; i++) {
      const proxy = await pdf.proxy(i);
      const f = path.join(dir, `p${i}.pgm`);
      writeFileSync(f, toPgm(await renderPage(proxy, 200)));
      proxy.cleanup();
      files.push(f);
    }
    const tessdata = resolveTessdata(src.name).chi.dir;
    const all = path.join(dir, 'all.txt');
    writeFileSync(all, files.join('\n') + '\n');
    const one = (await runTesseract(all, tessdata, process.env)) / 1000;
    const half = Math.ceil(files.length / 2);
    const a = path.join(dir, 'a.txt');
    const b = path.join(dir, 'b.txt');
    writeFileSync(a, files.slice(0, half).join('\n') + '\n');
    writeFileSync(b, files.slice(half).join('\n') + '\n');
    const t1 = performance.now();
    await Promise.all([runTesseract(a, tessdata, process.env), runTesseract(b, tessdata, process.env)]);
    const two = (performance.now() - t1) / 1000;
    console.log(`native tesseract chi_sim psm 3, 1 process: ${one.toFixed(1)} s, ${(one / n).toFixed(2)} s/page → yjsgk/native ${(perPage / (one / n)).toFixed(2)}×`);
    console.log(`native tesseract chi_sim psm 3, 2 processes: ${two.toFixed(1)} s, ${(two / n).toFixed(2)} s/page → yjsgk/native ${(perPage / (two / n)).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pdf.close();
  }
}
