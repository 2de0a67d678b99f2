/**
 * Batch throughput and memory: a folder of 200 disclosures (copies of the samples with distinct bytes, since the
 * dataset reads each content once: the 58-page ruled and borderless 决算 PDFs, the layout variants and the
 * ten-table workbook) read by `runBatch` with 1 and 2 worker threads, against a
 * baseline measured in the same run (the same files read one after another with extract() in this thread).
 * Peak RSS (this process with its reader processes, sampled from /proc) is reported when 50, 100 and 200
 * documents are done: it must stay flat as the batch grows. CPU time (user + sys, this process and its readers)
 * per document is the figure the machine's load does not move.
 *
 * Uses the compiled dist/ when it is there (what users run), else the sources through tsx.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { distinctCopy } from '../tests/helpers/copies.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_BATCH_DOCS ?? 200);
const BASELINE_DOCS = 24;
const CHECKPOINTS = N >= 50 ? [50, 100, 200].filter((n) => n <= N) : [Math.round(N / 2), N];

type RunBatch = typeof import('../src/batch/run.js').runBatch;
type WithStems = typeof import('../src/batch/inputs.js').withStems;
type Extract = typeof import('../src/api.js').extract;
type TreeRss = typeof import('../src/batch/memory.js').treeRss;

/**
 * CPU seconds (user + sys) of this process (`self`) and of its children that have ended (`children`: the batch's
 * readers, once the batch has closed them).
 */
function cpuSeconds(): { self: number; children: number } {
  try {
    // /proc/self/stat: fields 14-17 are utime, stime, cutime, cstime in clock ticks (100 a second)
    const f = readFileSync('/proc/self/stat', 'latin1').replace(/^.*\) /, '').split(' ');
    return { self: (Number(f[11]) + Number(f[12])) / 100, children: (Number(f[13]) + Number(f[14])) / 100 };
  } catch {
    const u = process.resourceUsage();
    return { self: (u.userCPUTime + u.systemCPUTime) / 1e6, children: 0 };
  }
}

async function load(): Promise<{ runBatch: RunBatch; withStems: WithStems; extract: Extract; treeRss: TreeRss; from: string }> {
  const dist = path.join(root, 'dist');
  const useDist = existsSync(path.join(dist, 'batch', 'run.js')) && existsSync(path.join(dist, 'batch', 'worker.js'));
  const base = useDist ? dist : path.join(root, 'src');
  const ext = useDist ? 'js' : 'ts';
  const imp = (p: string) => import(pathToFileURL(path.join(base, `${p}.${ext}`)).href);
  const [run, inputs, api, memory] = await Promise.all([imp('batch/run'), imp('batch/inputs'), imp('api'), imp('batch/memory')]);
  return { runBatch: run.runBatch, withStems: inputs.withStems, extract: api.extract, treeRss: memory.treeRss, from: useDist ? 'dist/ (compiled)' : 'src/ (tsx)' };
}

const mib = (b: number) => (b / 1048576).toFixed(0);

/**
 * What this machine gives two CPU-bound processes at the moment, against one: the ceiling of any `--jobs 2`
 * ratio measured beside it (a shared or virtual machine gives less than 2×).
 */
async function ceiling(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const loop = 'let x = 0; for (let i = 0; i < 1.5e9; i++) x += i & 1; if (x < 0) console.log(x);';
  const once = (n: number) =>
    new Promise<number>((resolve) => {
      const t = performance.now();
      let left = n;
      for (let i = 0; i < n; i++) spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }).on('exit', () => --left === 0 && resolve(performance.now() - t));
    });
  const one = await once(1);
  const two = await once(2);
  return (2 * one) / two;
}

export async function run(): Promise<void> {
  const { runBatch, withStems, extract, treeRss, from } = await load();
  const variants = existsSync(path.join(root, 'samples', 'variants'))
    ? readdirSync(path.join(root, 'samples', 'variants')).filter((f) => f.endsWith('.pdf')).map((f) => path.join('variants', f))
    : [];
  const sources = ['fenyang-2024-final.pdf', 'fenyang-2024-final-borderless.pdf', 'fenyang-2024-tables.xlsx', ...variants]
    .map((f) => path.join(root, 'samples', f))
    .filter((f) => existsSync(f));
  if (!sources.length) {
    console.log('batch: no samples/ files, skipped');
    return;
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-bench-batch-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < N; i++) {
      const src = sources[i % sources.length];
      const dir = path.join(tmp, 'in', `county-${String(i % 10).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      const f = path.join(dir, `dept-${String(i).padStart(3, '0')}${path.extname(src)}`);
      distinctCopy(src, f, `bench ${i}`);
      files.push(f);
    }
    console.log(`batch: ${N} documents (copies of ${sources.map((s) => path.basename(s)).filter((v, i, a) => a.indexOf(v) === i).join(', ')}), code from ${from}, ${(await import('node:os')).availableParallelism()} cores`);

    // the batches first, so the baseline's pdf.js in this thread does not count in their memory
    const results: { jobs: number; fps: number; pps: number; lines: string[] }[] = [];
    const JOBS = (process.env.BENCH_BATCH_JOBS ?? '1,2').split(',').map(Number);
    for (const jobs of JOBS) {
      const out = path.join(tmp, `out-${jobs}`);
      let peak = treeRss();
      const cpu0 = cpuSeconds();
      const atCheckpoint: Record<number, number> = {};
      let done = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, treeRss());
      }, 50);
      const t = performance.now();
      const s = await runBatch(withStems(files), {
        out,
        jobs,
        ocr: 'auto',
        formats: ['json'],
        progress: 'none',
        onRecord: () => {
          done++;
          peak = Math.max(peak, treeRss());
          if (CHECKPOINTS.includes(done)) atCheckpoint[done] = peak;
        },
      });
      clearInterval(sampler);
      const secs = (performance.now() - t) / 1000;
      const cpu1 = cpuSeconds();
      const parentMs = ((cpu1.self - cpu0.self) / N) * 1000;
      const cpu = cpu1.self - cpu0.self + cpu1.children - cpu0.children;
      const r = { fps: s.ok / secs, pps: s.pages / secs };
      const lines = [`  batch --jobs ${jobs}: ${s.ok}/${N} ok, ${s.failed.length} failed, ${secs.toFixed(1)}s: ${r.fps.toFixed(2)} files/s, ${r.pps.toFixed(1)} pages/s, CPU ${((cpu / N) * 1000).toFixed(0)} ms/doc (user+sys; ${parentMs.toFixed(0)} of it in this process), peak RSS ${mib(peak)} MiB`];
      const cp = CHECKPOINTS.map((n) => `${n} docs ${mib(atCheckpoint[n] ?? peak)} MiB`).join(', ');
      const first = atCheckpoint[CHECKPOINTS[0]];
      const last = atCheckpoint[CHECKPOINTS[CHECKPOINTS.length - 1]] ?? peak;
      lines.push(`             peak RSS so far at ${cp}; growth ${CHECKPOINTS[0]}→${CHECKPOINTS[CHECKPOINTS.length - 1]} docs ${first ? (last / first).toFixed(2) : '?'}×`);
      results.push({ jobs, ...r, lines });
      rmSync(out, { recursive: true, force: true });
    }

    // baseline: the first documents read one after another in this thread
    let pages0 = 0;
    const t0 = performance.now();
    for (const f of files.slice(0, BASELINE_DOCS)) pages0 += (await extract(f, { ocr: 'auto' })).document.pages ?? 0;
    const s0 = (performance.now() - t0) / 1000;
    const base = { fps: BASELINE_DOCS / s0, pps: pages0 / s0 };
    console.log(`  baseline  extract() in one thread, ${BASELINE_DOCS} docs: ${base.fps.toFixed(2)} files/s, ${base.pps.toFixed(1)} pages/s`);
    const ceil = await ceiling();
    console.log(`  machine   two CPU-bound processes give ${ceil.toFixed(2)}× one, now (the ceiling of a --jobs 2 ratio here)`);
    for (const r of results) {
      const one = results[0];
      r.lines[0] += r.jobs === one.jobs ? ` (${(r.fps / base.fps).toFixed(2)}× baseline)` : ` (${(r.fps / one.fps).toFixed(2)}× ${one.jobs} job, ${(r.fps / base.fps).toFixed(2)}× baseline)`;
      for (const l of r.lines) console.log(l);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
