/**
 * The command line for cron and for researchers: every input accounted for and given its own output, copies
 * read once, a document with no disclosure table a warning (an error with --strict), known failures not retried,
 * signals that still write the summary and manifest, results on stdout and the rest on stderr, JSON logs, stdin
 * and stdout, --pages, --password, -v, and the exit codes in --help.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStream, runExtract } from '../src/cli/extract.js';
import { InputError } from '../src/model/errors.js';
import { createLogger } from '../src/batch/log.js';
import type { Extraction } from '../src/model/schema.js';
import { ROOT, sample } from './helpers/shared.js';
import { distinctCopy } from './helpers/copies.js';
import { until } from './helpers/queueRun.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CLI = ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
const cli = (args: string[], input?: Buffer) => spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', input, maxBuffer: 64 << 20 });
const VARIANT = sample('variants', 'two-per-page.pdf');
const XLSX = sample('fenyang-2024-tables.xlsx');

async function extractLines(args: string[], opts: Partial<Parameters<typeof runExtract>[1]> = {}, verbosity = 0) {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger({ out: (s) => out.push(s), err: (s) => err.push(s), stamp: false, verbosity });
  const dir = opts.out ?? mkdtempSync(path.join(tmp, 'out-'));
  const code = await runExtract(args, { out: dir, format: 'json', ocr: 'never', ...opts }, logger);
  return { code, out, err, dir };
}

describe('extract', () => {
  it('gives each input its own output: a/2024年部门决算.pdf and b/2024年部门决算.pdf do not overwrite each other', async () => {
    const a = path.join(tmp, 'same-name', 'a', '2024年部门决算.pdf');
    const b = path.join(tmp, 'same-name', 'b', '2024年部门决算.pdf');
    mkdirSync(path.dirname(a), { recursive: true });
    mkdirSync(path.dirname(b), { recursive: true });
    copyFileSync(VARIANT, a);
    distinctCopy(sample('variants', 'rotated.pdf'), b, 'b');
    const r = await extractLines([a, b]);
    expect(r.code).toBe(0);
    expect(readdirSync(r.dir).sort()).toEqual(['a__2024年部门决算.json', 'b__2024年部门决算.json']);
    const pages = (f: string) => (JSON.parse(readFileSync(path.join(r.dir, f), 'utf8')) as Extraction).document.pages;
    expect([pages('a__2024年部门决算.json'), pages('b__2024年部门决算.json')]).toEqual([11, 15]);
  });

  it('reads the same bytes under two names once, and says so', async () => {
    const dir = path.join(tmp, 'twice');
    mkdirSync(dir, { recursive: true });
    copyFileSync(XLSX, path.join(dir, 'a.xlsx'));
    copyFileSync(XLSX, path.join(dir, 'b.xlsx'));
    const r = await extractLines([path.join(dir, 'a.xlsx'), path.join(dir, 'b.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.out.filter((l) => l.startsWith('ok '))).toHaveLength(1);
    expect(r.out).toContain(`same ${path.join(dir, 'b.xlsx')}: the same bytes as ${path.join(dir, 'a.xlsx')} (read once)`);
    expect(readdirSync(r.dir)).toEqual(['a.json']);
  });

  it('a PDF with no disclosure table (a scan read with --ocr never) is a warning; --strict makes it exit 1', async () => {
    const scan = path.join(tmp, 'scan.pdf');
    const png = path.join(tmp, 'scan.png');
    execFileSync('convert', ['-size', '800x300', 'xc:white', '-fill', 'black', '-pointsize', '40', '-annotate', '+40+150', 'Budget 2024', png]);
    execFileSync('img2pdf', [png, '-o', scan]);
    const lax = await extractLines([scan]);
    expect(lax.code).toBe(0);
    expect(lax.out[0]).toMatch(/^ok {3}.*scan\.pdf: 0 tables, 0 facts/);
    expect(lax.err).toEqual([`warning ${scan}: no disclosure table found in 1 pages (not a 预决算公开 document, or a scan read without OCR)`]);
    const strict = await extractLines([scan], { strict: true });
    expect(strict.code).toBe(1);
  });

  it('--pages reads only those pages; a page the PDF does not have is a failure naming the file', async () => {
    const r = await extractLines([VARIANT], { pages: [1, 2] });
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(r.dir, 'two-per-page.json'), 'utf8')) as Extraction;
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2]);
    const bad = await extractLines([VARIANT], { pages: [99] });
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual([`FAIL ${VARIANT}: the PDF has 11 pages; page 99 was asked for`]);
  });

  it('--password opens an encrypted PDF (made by qpdf); without it, or with a wrong one, the failure says so', async () => {
    const enc = path.join(tmp, 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', VARIANT, enc]);
    const none = await extractLines([enc]);
    expect(none.code).toBe(1);
    expect(none.err).toEqual([`FAIL ${enc}: encrypted PDF: it needs a password to open`]);
    const wrong = await extractLines([enc], { password: 'guess' });
    expect(wrong.err).toEqual([`FAIL ${enc}: encrypted PDF: the password given does not open it`]);
    const ok = await extractLines([enc], { password: 'secret' });
    expect(ok.code).toBe(0);
    expect(ok.out[0]).toMatch(/^ok {3}.*locked\.pdf: \d+ tables, [1-9]\d* facts/);
  });

  it('-v adds a debug line per file; results go to the result side, failures to the other', async () => {
    const r = await extractLines([XLSX, path.join(tmp, 'nope.pdf')], {}, 1);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^ok {3}.*fenyang-2024-tables\.xlsx: /);
    expect(r.err).toEqual([`FAIL ${path.join(tmp, 'nope.pdf')}: no such file, folder or matching file`, expect.stringMatching(/^reading .*fenyang-2024-tables\.xlsx \(sha256 [0-9a-f]{64}\)$/)]);
    const quiet = await extractLines([XLSX], {}, 0);
    expect(quiet.err).toEqual([]);
  });

  it('- reads stdin and --out - writes the document to stdout; the ok line goes to stderr', () => {
    const r = cli(['extract', '-', '--out', '-', '--ocr', 'never'], readFileSync(XLSX));
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as Extraction;
    expect(doc.facts).toHaveLength(265);
    expect(doc.document.source).toBe('stdin');
    expect(r.stderr).toMatch(/ok {3}- : |ok {3}-: /);
  });

  it('stdin is read no further than the largest input: more fails it, naming stdin and the limit', async () => {
    let given = 0;
    async function* endless() {
      // far more than the limit: the reader must stop at it, not hold it all
      for (let i = 0; i < 64; i++) {
        given++;
        yield Buffer.alloc(256 * 1024);
      }
    }
    const err = await readStream(endless(), 'stdin', 1 << 20).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('stdin: file is over the 1 MiB limit (read no further than that)');
    expect(given).toBe(5);
    expect(await readStream(endless(), 'stdin', 16 << 20)).toHaveLength(16 << 20);
  });

  it('--help lists the exit codes; a bad option exits 2', () => {
    const h = cli(['batch', '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+130 .*SIGINT.*\n\s+143 .*SIGTERM/);
    const bad = cli(['extract', XLSX, '--format', 'pdf']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown format pdf/);
  });
});

describe('batch', () => {
  const input = path.join(tmp, 'folder');
  const out = path.join(tmp, 'batch-out');
  it('accounts for every file: not-inputs listed as skipped, symbolic links followed; JSON logs, results on stdout', () => {
    mkdirSync(path.join(input, 'real'), { recursive: true });
    copyFileSync(XLSX, path.join(input, 'real', 'tables.xlsx'));
    writeFileSync(path.join(input, 'x.docx'), 'a Word file');
    writeFileSync(path.join(input, 'broken.pdf'), '%PDF-1.7 cut short');
    const elsewhere = path.join(tmp, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    copyFileSync(VARIANT, path.join(elsewhere, 'linked.pdf'));
    symlinkSync(path.join(elsewhere, 'linked.pdf'), path.join(input, 'link-to.pdf'));
    symlinkSync(path.join(input, 'real'), path.join(input, 'link-to-folder'));

    const r = cli(['batch', input, '--out', out, '--ocr', 'never', '--jobs', '1', '--log-format', 'json']);
    expect(r.status).toBe(1); // broken.pdf failed in this run
    const parse = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const so = parse(r.stdout);
    const se = parse(r.stderr);
    for (const l of [...so, ...se]) expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(se.filter((l) => l.event === 'skipped').map((l) => [path.basename(String(l.file)), l.reason])).toEqual([['x.docx', 'not a PDF or workbook']]);
    expect(se.filter((l) => l.event === 'failed').map((l) => [path.basename(String(l.file)), l.level])).toEqual([['broken.pdf', 'error']]);
    // the linked PDF is read; the folder reached through a link is walked once (its file is the same file)
    expect(so.filter((l) => l.event === 'ok').map((l) => path.basename(String(l.file))).sort()).toEqual(['link-to.pdf', 'tables.xlsx']);
    expect(so.find((l) => l.event === 'summary')).toMatchObject({ files: 3, read: 2, failed: 1 });
  });

  it('a known failure of an unchanged file is listed, not retried, and alone does not fail the run; --retry-failed retries it', () => {
    const r = cli(['batch', input, '--out', out, '--ocr', 'never', '--jobs', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`known failure ${path.join(input, 'broken.pdf')}: .* \\(unchanged since .*; --retry-failed reads it again\\)`));
    expect(r.stderr).toMatch(/skipped: .*x\.docx \(not a PDF or workbook\)/);
    expect(r.stdout).toMatch(/0 read, 2 skipped \(done before\), 0 failed, 0 copies, 1 known failures not retried/);
    expect(r.stdout).not.toMatch(/FAIL/);
    const again = cli(['batch', input, '--out', out, '--ocr', 'never', '--jobs', '1', '--retry-failed']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/FAIL .*broken\.pdf: /);
  });

  for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${sig} stops the batch with exit ${code} after writing the summary and the manifest`, async () => {
      const dir = path.join(tmp, `sig-${sig}`);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 6; i++) distinctCopy(sample('fenyang-2024-final.pdf'), path.join(dir, `d${i}.pdf`), `d${i}`);
      const o = path.join(tmp, `sig-out-${sig}`);
      const child = spawn(process.execPath, [...CLI, 'batch', dir, '--out', o, '--ocr', 'never', '--jobs', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const exit = new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
      await until(() => /^ok {3}/m.test(stdout), 120_000, 'the first file');
      child.kill(sig);
      expect(await exit).toBe(code);
      expect(stderr).toMatch(new RegExp(`${sig}: stopping`));
      expect(stdout).toMatch(/^batch: 6 files: [1-5] read, .*\(stopped before the end: run again to continue\)/m);
      const manifest = JSON.parse(readFileSync(path.join(o, 'manifest.json'), 'utf8')) as { ok: number; files: number };
      expect(manifest.ok).toBeGreaterThanOrEqual(1);
      expect(manifest.ok).toBeLessThan(6);
      expect(existsSync(path.join(o, 'dataset.sqlite'))).toBe(true);
    }, 300_000);
  }
});
