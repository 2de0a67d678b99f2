/**
 * The fuzz runner: writes the generated inputs to a temporary directory and reads them with `yjsgk extract`
 * (the built dist/, in child processes of a few dozen files each), then checks for every input:
 * - exactly one line, `ok   FILE: …`, `FAIL FILE: reason` or `same FILE: …` (the same bytes as an input before
 *   it, read once) (a missing or doubled line, or a child that dies, is a crash);
 * - the reason is one of the pipeline's own (no raw library message, no "unexpected error");
 * - it came within the per-file limit, and the child process ended by itself (else a hang);
 * - the peak RSS of the reader process while the file was read stays under the bound.
 *
 *   npm run fuzz -- [--count 1200] [--seed 1] [--timeout 60] [--pages N] [--ocr-share 0.03] [--no-corpus] [--keep DIR] [--jobs N]
 *
 *   npm run fuzz -- --report DIR   (the counts so far of a campaign run with --keep DIR)
 *
 * --pages N cuts each PDF seed to its first N pages (qpdf) to make the campaign faster.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstPages, generate, loadSeeds, rng, type FuzzInput, type Seed } from './generate.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The beginnings of the reasons the pipeline gives (src/model/errors.ts, the sources, the batch pool). A FAIL
 * line whose reason starts otherwise passed a library's message through.
 */
const CLEAR = [
  /^file not found/, /^file is \d+ MiB, over/, /^empty file/, /^not a PDF/, /^truncated PDF/, /^corrupt PDF/,
  /^encrypted PDF/, /^PDF has no pages/, /^the workbook (has no|is password)/, /^not a readable \.xlsx? workbook/,
  /^sheet .* (has \d+×\d+ cells, over|cannot be laid out)/, /^a merged range .* cells, over/, /^a sheet with \d+ cells, over/, /^the workbook part .* bytes, over/, /^a content stream (nests|has|inflates)/, /^a font program \(CFF\) selects/,
  /^took longer than the .* limit per file/, /^ran out of memory/, /^the reader crashed on this file/,
  /^needs OCR but no Chinese OCR data/,
];
/** words of library messages that must never be the reason itself */
const RAW = /^(unexpected error|TypeError|RangeError|ReferenceError|Error:|Cannot |Invalid |Maximum call stack|Convert String|Create skia|Bad |undefined|null)/;

export interface FileResult {
  name: string;
  family: string;
  outcome: 'ok' | 'same' | 'fail' | 'timeout' | 'crash' | 'hang' | 'raw';
  line?: string;
  peakMb: number;
  ms: number;
}

export interface FamilyCounts {
  inputs: number;
  ok: number;
  /** the same bytes as an earlier input of its chunk (a `same` line: read once) */
  same: number;
  fail: number;
  /** FAIL at the per-file time limit (stopped, with the limit named) */
  timeout: number;
  crash: number;
  hang: number;
  raw: number;
  peakMb: number;
}

export interface CampaignReport {
  inputs: number;
  families: Record<string, FamilyCounts>;
  total: FamilyCounts;
  bad: FileResult[];
  /** inputs stopped at the time limit (a clear FAIL, listed to be looked at) */
  timeouts: FileResult[];
  slowest: FileResult[];
  ms: number;
}

export interface CampaignOptions {
  seed: number;
  count: number;
  seeds: Seed[];
  /** per-file time limit, s */
  timeoutS: number;
  /** heap limit of the worker reading the files, MiB */
  maxMemoryMb?: number;
  /** peak RSS bound, MiB */
  rssLimitMb?: number;
  chunk?: number;
  ocrShare?: number;
  keep?: string;
  /** chunks read side by side */
  jobs?: number;
  log?: (s: string) => void;
}

interface ChildLine {
  line: string;
  peak: number;
  ms: number;
}

function runChild(files: string[], ocr: 'auto' | 'never', out: string, o: CampaignOptions): Promise<{ lines: ChildLine[]; hung: boolean; exit: number | null; stderr: string; restarted: boolean }> {
  const job = { files, ocr, out, timeoutS: o.timeoutS, maxMemoryMb: o.maxMemoryMb ?? 1024, restartMb: 600 };
  // each file has its limit plus the pool's grace; the process must then end by itself within a minute
  const deadline = files.length * (o.timeoutS + 6) * 1000 + 60_000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'fuzz', 'child.mjs'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    let hung = false;
    let done = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, deadline);
    child.stdout.on('data', () => {
      // the result is printed: the process has a minute to exit by itself
      if (!done && stdout.includes('\n')) {
        done = true;
        clearTimeout(timer);
        killer = setTimeout(() => {
          hung = true;
          child.kill('SIGKILL');
        }, 60_000);
      }
    });
    child.on('exit', (exit) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      let lines: ChildLine[] = [];
      let restarted = false;
      try {
        const j = JSON.parse(stdout.trim().split('\n')[0]) as { lines: ChildLine[]; restarted?: boolean };
        lines = j.lines;
        restarted = !!j.restarted;
      } catch {
        // the child died before printing
      }
      resolve({ lines, hung, exit, stderr, restarted });
    });
  });
}

function classify(input: FuzzInput, file: string, lines: ChildLine[], hung: boolean, rssLimitMb: number): FileResult {
  const mine = lines.filter((l) => ['ok  ', 'FAIL', 'same'].some((w) => l.line.startsWith(`${w} ${file}: `)));
  const base = { name: input.name, family: input.family, peakMb: Math.round(Math.max(0, ...mine.map((l) => l.peak)) / 1048576), ms: mine[0]?.ms ?? 0 };
  if (mine.length !== 1) return { ...base, outcome: hung ? 'hang' : 'crash', line: mine.map((l) => l.line).join(' | ') || undefined };
  const line = mine[0].line;
  if (hung) return { ...base, outcome: 'hang', line };
  if (base.peakMb > rssLimitMb) return { ...base, outcome: 'crash', line: `${line} (peak RSS ${base.peakMb} MiB)` };
  if (line.startsWith('ok ')) return { ...base, outcome: 'ok', line };
  if (line.startsWith('same ')) return { ...base, outcome: 'same', line };
  const reason = line.slice(`FAIL ${file}: `.length);
  if (RAW.test(reason) || !CLEAR.some((re) => re.test(reason))) return { ...base, outcome: 'raw', line };
  return { ...base, outcome: /^took longer than/.test(reason) ? 'timeout' : 'fail', line };
}

/** what each input may give: a result, a copy's line, a clear failure, the time limit named */
const GOOD: FileResult['outcome'][] = ['ok', 'same', 'fail', 'timeout'];

const empty = (): FamilyCounts => ({ inputs: 0, ok: 0, same: 0, fail: 0, timeout: 0, crash: 0, hang: 0, raw: 0, peakMb: 0 });

export async function runCampaign(o: CampaignOptions): Promise<CampaignReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const generated = generate({ seed: o.seed, count: o.count, seeds: o.seeds, ocrShare: o.ocrShare });
  // the bombs first, then the mutations in a seeded shuffle: the first chunks already span every family
  const r = rng(o.seed ^ 0x5eed);
  const bombsFirst = generated.filter((x) => x.family === 'bomb');
  const rest = generated.filter((x) => x.family !== 'bomb').map((x) => ({ x, k: r() })).sort((a, b) => a.k - b.k).map((e) => e.x);
  const inputs = [...bombsFirst, ...rest];
  const dir = o.keep ?? mkdtempSync(path.join(tmpdir(), 'yjsgk-fuzz-'));
  const inDir = path.join(dir, 'in');
  mkdirSync(inDir, { recursive: true });
  const files = inputs.map((x) => {
    const f = path.join(inDir, x.name);
    writeFileSync(f, x.data);
    return f;
  });
  log(`${inputs.length} inputs in ${inDir}`);
  const results: FileResult[] = [];
  const chunk = o.chunk ?? 40;
  const tasks: { ocr: 'auto' | 'never'; part: number[] }[] = [];
  for (const ocr of ['never', 'auto'] as const) {
    const idx = inputs.map((x, i) => ((x.ocr ? 'auto' : 'never') === ocr ? i : -1)).filter((i) => i >= 0);
    for (let k = 0; k < idx.length; k += chunk) tasks.push({ ocr, part: idx.slice(k, k + chunk) });
  }
  const runTask = async ({ ocr, part }: (typeof tasks)[number], n: number) => {
    // each chunk writes to its own output directory (chunks may run side by side)
    const out = path.join(dir, `out-${n}`);
    let r = await runChild(part.map((i) => files[i]), ocr, out, o);
    // a child that stopped early (its memory stayed high after a file) leaves the rest to a fresh one
    while (r.restarted) {
      const done = new Set(r.lines.map((l) => part.find((i) => ['ok  ', 'FAIL', 'same'].some((w) => l.line.startsWith(`${w} ${files[i]}: `)))));
      const left = part.filter((i) => !done.has(i));
      if (!left.length) break;
      const more = await runChild(left.map((i) => files[i]), ocr, out, o);
      r = { ...more, lines: [...r.lines, ...more.lines] };
    }
    const mine = part.map((i) => classify(inputs[i], files[i], r.lines, r.hung, o.rssLimitMb ?? 1024));
    results.push(...mine);
    // kept as it goes, so that a long campaign stopped early still has its counts (see --report)
    if (o.keep) appendFileSync(path.join(dir, 'results.jsonl'), mine.map((x) => JSON.stringify(x) + '\n').join(''));
    const bad = mine.filter((x) => !GOOD.includes(x.outcome)).length;
    log(`  ${results.length}/${inputs.length} (ocr ${ocr})${bad ? `, ${bad} bad in this chunk (exit ${r.exit}${r.hung ? ', hung' : ''}) ${r.stderr.slice(-300)}` : ''}`);
    rmSync(out, { recursive: true, force: true });
  };
  try {
    // --jobs N chunks at a time (1 by default: a chunk's time limits assume the machine to itself)
    let next = 0;
    const lane = async () => {
      while (next < tasks.length) {
        const n = next++;
        await runTask(tasks[n], n);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs ?? 1) }, lane));
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  return summarize(results, Date.now() - t0);
}

/** Counts by family of a list of results. */
export function summarize(results: FileResult[], ms: number): CampaignReport {
  const t0 = Date.now() - ms;
  const families: Record<string, FamilyCounts> = {};
  const total = empty();
  for (const r of results) {
    for (const c of [(families[r.family] ??= empty()), total]) {
      c.inputs++;
      c[r.outcome]++;
      c.peakMb = Math.max(c.peakMb, r.peakMb);
    }
  }
  return {
    inputs: results.length, families, total, ms: Date.now() - t0,
    bad: results.filter((r) => !GOOD.includes(r.outcome)),
    timeouts: results.filter((r) => r.outcome === 'timeout'),
    slowest: [...results].sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

export function reportTable(rep: CampaignReport): string {
  const head = '| family | inputs | ok | copies | FAIL | time limit | crashes | hangs | raw messages | peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|';
  const row = (name: string, c: FamilyCounts) => `| ${name} | ${c.inputs} | ${c.ok} | ${c.same} | ${c.fail} | ${c.timeout} | ${c.crash} | ${c.hang} | ${c.raw} | ${c.peakMb} |`;
  return [head, ...Object.keys(rep.families).sort().map((f) => row(f, rep.families[f])), row('**all**', rep.total)].join('\n');
}

/** The seeds of a campaign: every sample and corpus document, or (small) their first pages only. */
export function campaignSeeds(o: { corpus: boolean; pages?: number; maxBytes?: number }): Seed[] {
  const seeds = loadSeeds(REPO, { corpus: o.corpus, maxBytes: o.maxBytes });
  return o.pages ? seeds.map((s) => (s.kind === 'pdf' ? { ...s, data: firstPages(s.data, o.pages!) } : s)) : seeds;
}

async function main(): Promise<void> {
  const arg = (k: string, d: string) => {
    const i = process.argv.indexOf(`--${k}`);
    return i >= 0 ? process.argv[i + 1] : d;
  };
  if (process.argv.includes('--report')) {
    // the counts of a kept campaign so far
    const results = readFileSync(path.join(arg('report', ''), 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FileResult);
    const rep = summarize(results, 0);
    console.log(reportTable(rep));
    for (const b of [...rep.timeouts, ...rep.bad]) console.log(`${b.outcome.toUpperCase()} ${b.family} ${b.name}: ${b.line ?? '(no line)'}`);
    return;
  }
  const pages = Number(arg('pages', '0'));
  const seeds = campaignSeeds({ corpus: !process.argv.includes('--no-corpus'), maxBytes: 8 * 1024 * 1024, ...(pages ? { pages } : {}) });
  const rep = await runCampaign({
    seed: Number(arg('seed', '1')),
    count: Number(arg('count', '1200')),
    seeds,
    timeoutS: Number(arg('timeout', '60')),
    ocrShare: Number(arg('ocr-share', '0.03')),
    ...(process.argv.includes('--keep') ? { keep: arg('keep', '') } : {}),
    jobs: Number(arg('jobs', '1')),
    log: (s) => console.error(s),
  });
  console.log(`seeds: ${seeds.map((s) => s.name).join(', ')}`);
  console.log(reportTable(rep));
  for (const b of [...rep.timeouts, ...rep.slowest]) console.log(`${b.outcome} ${(b.ms / 1000).toFixed(1)}s ${b.peakMb} MiB ${b.name}: ${b.line?.slice(0, 200)}`);
  for (const b of rep.bad) console.log(`${b.outcome.toUpperCase()} ${b.family} ${b.name}: ${b.line ?? '(no line)'}`);
  console.log(`${rep.inputs} inputs, ${rep.bad.length} bad, ${(rep.ms / 1000).toFixed(0)} s`);
  process.exitCode = rep.bad.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
