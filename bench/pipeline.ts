/**
 * Text-layer pipeline speed and memory over the corpus PDFs, against two baselines measured in the same run on
 * the same files: pdf.js alone (getTextContent + getOperatorList) and `pdftotext -layout` (where installed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.YJSGK_SHARED ?? path.resolve(root, '../shared');

function corpusPdfs(): string[] {
  const dirs = ['corpus/final', 'corpus/budget'].map((d) => path.join(shared, d)).filter(existsSync);
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.pdf')).map((f) => path.join(d, f)));
  const samples = path.join(root, 'samples');
  if (existsSync(samples)) files.push(...readdirSync(samples).filter((f) => f.endsWith('.pdf') && !f.includes('scan')).map((f) => path.join(samples, f)));
  return files;
}

function child(mode: string, files: string[], rounds = 3): { pages: number; ms: number; maxRssMB: number } {
  const r = spawnSync(process.execPath, [path.join(root, 'bench/pipeline-child.mjs'), mode, String(rounds), ...files], {
    encoding: 'utf8', maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function pagesOf(file: string): number {
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(info.match(/Pages:\s+(\d+)/)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export async function run(): Promise<void> {
  if (!existsSync(path.join(root, 'dist/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const files = corpusPdfs();
  if (!files.length) {
    console.log('no PDFs (../shared/corpus and samples/ are missing)');
    return;
  }
  const pdfjs = child('pdfjs', files);
  const pipe = child('pipeline', files);
  const ps = (x: { pages: number; ms: number }) => (x.pages / (x.ms / 1000)).toFixed(1);
  console.log(`files ${files.length}, pages ${pipe.pages} (best of 3 rounds, each in a fresh process)`);
  console.log(`pdf.js alone      ${ps(pdfjs)} pages/s  ${pdfjs.ms.toFixed(0)} ms  peak RSS ${pdfjs.maxRssMB.toFixed(0)} MB`);
  console.log(`yjsgk pipeline    ${ps(pipe)} pages/s  ${pipe.ms.toFixed(0)} ms  peak RSS ${pipe.maxRssMB.toFixed(0)} MB`);
  console.log(`ratio pipeline / pdf.js time: ${(pipe.ms / pdfjs.ms).toFixed(2)}x (target ≤ 1.25x, with the builder hypotheses on)`);
  const once = child('pipeline-once', files);
  console.log(`ratio pipeline / pipeline with one hypothesis per page: ${(pipe.ms / once.ms).toFixed(2)}x (what reading pages again costs)`);
  const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;
  if (hasPoppler) {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      for (const f of files) execFileSync('pdftotext', ['-layout', f, '-'], { maxBuffer: 1 << 26 });
      best = Math.min(best, performance.now() - t0);
    }
    console.log(`pdftotext -layout ${(pipe.pages / (best / 1000)).toFixed(1)} pages/s  ${best.toFixed(0)} ms (process start included)`);
    console.log(`ratio pipeline / pdftotext time: ${(pipe.ms / best).toFixed(2)}x`);
  } else console.log('pdftotext not installed: baseline skipped (apt-get install poppler-utils)');
  // peak memory on the largest document alone
  const largest = [...files].sort((a, b) => pagesOf(b) - pagesOf(a))[0];
  const one = child('pipeline', [largest], 1);
  console.log(`largest document ${path.basename(largest)} (${one.pages} pages): peak RSS ${one.maxRssMB.toFixed(0)} MB (target < 300 MB for 40 pages)`);
}
