/**
 * Hostile input, one test per finding of the reliability campaign (issue 12): pdf.js never compiles document
 * code, a bad page or a library's failure becomes one clear reason naming the file (or a warning on the page),
 * every limit names itself and how to raise it, and nothing hangs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { runExtract } from '../src/cli/extract.js';
import { InputError } from '../src/model/errors.js';
import { openPdf } from '../src/sources/pdf.js';
import pdfjs from '../src/sources/pdfjs.js';
import { sheetPage, type RawSheet } from '../src/sources/workbook.js';
import { cffFdArrayBomb, cffFdSelectBomb, cffFontPdf, onePagePdf, pdfStream, rawPdf, textOps, zip, zipDataRanges } from '../scripts/fuzz/build.js';
import { WorkerPool, timeLimitReason } from '../src/batch/pool.js';
import { cffDictBytes, cffFdSelectEntries } from '../src/sources/prescan.js';
import { HAS_SHARED, corpus, sample } from './helpers/shared.js';
import { miniPdf } from './helpers/minipdf.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-hostile-'));
const file = (name: string, data: Uint8Array | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};
const TEXT = textOps(['Table 1', 'item 10.00']);
const repo = path.resolve(import.meta.dirname, '..');

async function failure(p: string, opts: Parameters<typeof extract>[1] = {}): Promise<InputError> {
  try {
    await extract(p, { ocr: 'never', ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error(`${p} was accepted`);
}

/** `yjsgk extract` over files in-process (each file is read in the pool's worker thread): the lines it prints. */
async function cli(files: string[], opts: { timeoutMs?: number; ocr?: 'auto' | 'never' | 'always' } = {}) {
  const lines: string[] = [];
  const code = await runExtract(files, { out: path.join(dir, 'out'), format: 'json', ocr: opts.ocr ?? 'never', ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) }, (s) => lines.push(s), (s) => lines.push(s));
  return { code, lines };
}

/** A PDF whose page paints with a Separation colour space whose tint transform is a PostScript (type 4) function. */
function type4Pdf(): Buffer {
  return onePagePdf(`${TEXT}\n/CS0 cs 0.5 scn 100 100 200 200 re f`, {
    resources: '/ColorSpace <</CS0 [/Separation /Spot /DeviceRGB 6 0 R]>>',
    extra: [pdfStream('/FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1]', '{dup dup}', { raw: true })],
  });
}

/** Counts calls of the Function constructor (new Function or Function()) while fn runs. */
async function functionCalls(fn: () => Promise<unknown>): Promise<number> {
  const g = globalThis as { Function: FunctionConstructor };
  const original = g.Function;
  let calls = 0;
  g.Function = new Proxy(original, {
    construct: (t, a) => (calls++, Reflect.construct(t, a)),
    apply: (t, self, a) => (calls++, Reflect.apply(t, self, a)),
  });
  try {
    await fn();
  } finally {
    g.Function = original;
  }
  return calls;
}

describe('pdf.js runs no code from the document', () => {
  it('a page painted with a type 4 (PostScript) function is read without the Function constructor being called', async () => {
    const data = type4Pdf();
    let items = 0;
    const calls = await functionCalls(async () => {
      const src = await openPdf('type4.pdf', data);
      items = (await src.page(1)).items.length;
      await src.close();
    });
    expect(items).toBeGreaterThan(0);
    expect(calls).toBe(0);
    // the same page with pdf.js's default (eval on) compiles the function: the check above can fail
    const compiled = await functionCalls(async () => {
      const doc = await pdfjs.getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
      await (await doc.getPage(1)).getOperatorList();
      await doc.destroy();
    });
    expect(compiled).toBeGreaterThan(0);
  });
});

describe('a damaged file fails alone, with one line', () => {
  it('a PDF whose xref entries point at the wrong objects (XRefEntryException) gives one line, and the next file is still read', async () => {
    const good = await miniPdf();
    // two overwritten byte ranges: the page's and the content's objects are no longer where the xref says
    const bad = Buffer.from(good);
    const s = bad.toString('latin1');
    for (const m of ['3 0 obj', '4 0 obj']) {
      const at = s.indexOf(m);
      if (at >= 0) Buffer.from('x'.repeat(m.length + 20)).copy(bad, at);
    }
    const r = await cli([file('xref-entries.pdf', bad), file('after-xref.pdf', good)]);
    // (one result line per file, in path order; each also has its warning that it holds no disclosure table)
    const of = (name: string) => r.lines.filter((l) => /^(ok {3}|FAIL )/.test(l) && l.includes(name));
    expect(of('xref-entries.pdf')).toHaveLength(1);
    expect(of('xref-entries.pdf')[0]).not.toMatch(/unexpected error|XRefEntryException/);
    expect(of('after-xref.pdf')[0]).toMatch(/^ok {3}.*after-xref\.pdf: .* tables/);
  });

  it('a page that cannot be read is a warning on that page; the other pages are read', async () => {
    // page 2's content is a reference to an object that is not a stream and whose page dictionary is broken
    const pdf = rawPdf([
      '<</Type /Catalog /Pages 2 0 R>>',
      '<</Type /Pages /Kids [3 0 R 6 0 R] /Count 2>>',
      '<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>',
      pdfStream('', TEXT),
      '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>',
      '<</Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1>>',
    ]);
    const doc = await extract({ name: 'half.pdf', data: pdf }, { ocr: 'never' });
    expect(doc.document.pages).toBe(1);
    expect(doc.warnings.some((w) => /^page 2 cannot be read: the page tree refers to itself/.test(w))).toBe(true);
  });

  it('a glyph the canvas cannot draw (a font name holding NUL: "Convert String to CString failed") fails only that page\'s OCR', async () => {
    const pdf = rawPdf([
      '<</Type /Catalog /Pages 2 0 R>>',
      '<</Type /Pages /Kids [3 0 R] /Count 1>>',
      '<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>',
      pdfStream('', 'BT /F1 24 Tf 50 700 Td (Table 1 total 10.00) Tj ET'),
      `<</Type /Font /Subtype /Type1 /BaseFont /Bad#00Name /FirstChar 32 /LastChar 126 /Widths [${Array(95).fill(500).join(' ')}]>>`,
    ]);
    const doc = await extract({ name: 'nul-font.pdf', data: pdf }, { ocr: 'always' });
    expect(doc.document.pages).toBe(1);
    expect(doc.warnings).toEqual([expect.stringMatching(/^page 1: OCR failed, the page's text layer is used \(a glyph of the page cannot be drawn/)]);
    expect(doc.pages[0].source).toBe('text');
  });

  it('a workbook reader failing inside a damaged .xls gives a reason naming the workbook, not a TypeError', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['收入支出决算总表'], ['项目', '金额'], ['合计', 10]]), 'Sheet1');
    const xls = Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
    // every byte of the workbook stream after the OLE header overwritten in turn would be slow: a range of them
    const bad = Buffer.from(xls);
    bad.fill(0xff, 1536, Math.min(bad.length, 1536 + 300));
    const r = await cli([file('damaged.xls', bad)]);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^(ok {3}|FAIL ).*damaged\.xls: /);
    expect(r.lines[0]).not.toMatch(/TypeError|Cannot read|unexpected error/);
  });
});

describe('limits name themselves and how to raise them', () => {
  it('200 000 nested q (save) operators: refused before pdf.js parses them, naming YJSGK_MAX_SAVE_DEPTH', async () => {
    const e = await failure(file('nested-q.pdf', onePagePdf(`${TEXT}\n${'q '.repeat(200_000)}0 0 m 10 10 l S ${'Q '.repeat(200_000)}`)));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/nested-q\.pdf: a content stream nests 200000 q \(save\) operators, over the 2000 .* limit \(raise it with YJSGK_MAX_SAVE_DEPTH=…\)/);
    // ordinary nesting is read
    const doc = await extract({ name: 'q100.pdf', data: onePagePdf(`${'q '.repeat(100)}${TEXT}${' Q'.repeat(100)}`) }, { ocr: 'never' });
    expect(doc.document.pages).toBe(1);
  });

  it('a CFF font whose FDSelect ranges expand to 268 million entries (V8 aborted the whole process on it): refused naming YJSGK_MAX_FONT_GLYPHS', async () => {
    expect(cffFdSelectEntries(cffFdSelectBomb(1))).toBe(2);
    expect(cffFdSelectEntries(cffFdSelectBomb(8192))).toBe(4096 * 65535);
    const bomb = file('cff-bomb.pdf', cffFontPdf(cffFdSelectBomb(8192)));
    const e = await failure(bomb);
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/cff-bomb\.pdf: a font program \(CFF\) selects its glyphs' font dicts with 268431360 entries, over the 1000000 glyph entries per font program limit \(raise it with YJSGK_MAX_FONT_GLYPHS=…\)/);
    // the same font with its ranges right is read
    const doc = await extract({ name: 'cff-ok.pdf', data: cffFontPdf(cffFdSelectBomb(1)) }, { ocr: 'never' });
    expect(doc.document.pages).toBe(1);
  });

  it('a CFF font whose FDArray makes pdf.js parse 134 million bytes of Font DICTs (fuzz 0795, a duplicated range in a font: 65 s): the font is left out with a warning naming YJSGK_MAX_FONT_DICT_BYTES, and the page is read', async () => {
    expect(cffDictBytes(cffFdArrayBomb(2, 16))).toBe(25 + 16);
    expect(cffDictBytes(cffFdArrayBomb(65534, 4096))).toBe(25 + 32767 * 4096);
    const bomb = cffFontPdf(cffFdArrayBomb(65534, 4096));
    const doc = await extract({ name: 'fdarray-bomb.pdf', data: bomb }, { ocr: 'never' });
    expect(doc.document.pages).toBe(1);
    expect(doc.warnings).toEqual([expect.stringMatching(/^a font program \(CFF\) was left out, its dictionaries to parse are over the 8388608 bytes of dictionaries per font program limit \(raise it with YJSGK_MAX_FONT_DICT_BYTES=…\)/)]);
    const src = await openPdf('fdarray-bomb.pdf', bomb);
    const page = await src.page(1);
    await src.close();
    expect(page.items.map((i) => i.str).join(' ')).toContain('item 10.00');
    // the same font with two Font DICTs is read as it is
    const ok = await extract({ name: 'fdarray-ok.pdf', data: cffFontPdf(cffFdArrayBomb(2, 16)) }, { ocr: 'never' });
    expect(ok.warnings).toEqual([]);
  });

  it('a 20000×20000 image is left out with a warning naming the limit, and the process stays under 1 GB', () => {
    const img = pdfStream('/Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceGray /BitsPerComponent 1', Buffer.alloc(20000 * 20000 / 8));
    const p = file('huge-image.pdf', onePagePdf(`${TEXT}\nq 500 0 0 500 50 50 cm /Im1 Do Q`, { resources: '/XObject <</Im1 6 0 R>>', extra: [img] }));
    // in a process of its own, to measure its peak memory
    const code = `import { extract } from ${JSON.stringify(path.join(repo, 'src/api.ts'))};
      const doc = await extract(${JSON.stringify(p)}, { ocr: 'auto' });
      console.log(JSON.stringify({ warnings: doc.warnings, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', file('huge-image.mts', code)], { cwd: repo, encoding: 'utf8', timeout: 180_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { warnings: string[]; rssMb: number };
    expect(out.warnings).toEqual(['page 1: an image was left out, over the 40000000 pixels per image limit (raise it with YJSGK_MAX_IMAGE_PIXELS=…)']);
    expect(out.rssMb).toBeLessThan(1024);
  });

  it('a page too large to render for OCR (200000 pt square, "Create skia surface failed") is a warning naming YJSGK_MAX_CANVAS_PIXELS', async () => {
    const img = pdfStream('/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(10000, 0x80));
    const pdf = onePagePdf('q 1000 0 0 1000 0 0 cm /Im1 Do Q', { box: '0 0 200000 200000', resources: '/XObject <</Im1 6 0 R>>', extra: [img] });
    const doc = await extract({ name: 'huge-page.pdf', data: pdf }, { ocr: 'auto' });
    expect(doc.warnings).toEqual([expect.stringMatching(/^page 1: not read by OCR, its 200000×200000 pt size at 200 dpi is over the 70000000 pixels per rendered page limit \(raise it with YJSGK_MAX_CANVAS_PIXELS=…\)/)]);
  });

  it('a valid 200 000-row sheet is laid out (Math.max over its rows overflowed the stack)', () => {
    const texts: string[][] = [['收入支出决算总表'], ['项目', '金额']];
    for (let i = 0; i < 200_000; i++) texts.push([`项目${i}`, String(i)]);
    const raw: RawSheet = { name: 'big', texts, numeric: new Set(), merges: [], hiddenRows: new Set(), hiddenCols: new Set(), colWidths: [] };
    const page = sheetPage(raw, 1);
    expect(page.grids?.[0].nRows).toBe(200_001);
  });

  it('a sheet over the cell limit says which limit and how to raise it', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['收入支出决算总表'], ['a', 1], [], [], []]), '总表');
    const ws = wb.Sheets['总表'];
    // a merge to the end of the sheet makes it 1 048 576 rows × 16 384 columns
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 1_048_575, c: 16_383 } }];
    const e = await failure(file('huge-merge.xlsx', Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array)));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/huge-merge\.xlsx: a merged range A1:XFD1048576 of 17179869184 cells, over the 500000 cells per sheet limit \(raise it with YJSGK_MAX_SHEET_CELLS=…\)/);
  });

  it('a flipped byte inside a worksheet\'s compressed data is a damaged package naming the entry (SheetJS\'s zip reader spun on it)', async () => {
    const seed = readFileSync(sample('fenyang-2024-tables.xlsx'));
    const sheets = zipDataRanges(seed).filter((e) => /worksheets\/sheet\d+\.xml$/.test(e.name));
    for (const [k, e] of sheets.slice(0, 4).entries()) {
      const bad = Buffer.from(seed);
      bad[Math.floor((e.start + e.end) / 2)] ^= 1 << k;
      const err = await failure(file(`flip-${k}.xlsx`, bad));
      expect(err.code).toBe('corrupt');
      expect(err.message).toMatch(new RegExp(`flip-${k}\\.xlsx: not a readable \\.xlsx workbook: its zip package is damaged \\(entry ${e.name.replace(/\./g, '\\.')} `));
    }
    if (HAS_SHARED) {
      // the campaign's input on which SheetJS spun: two bits of the corpus workbook
      const c = Buffer.from(readFileSync(corpus('excel', 'shanxi-fenyang-2024-tables.xlsx')));
      c[22460] ^= 0x02;
      c[27577] ^= 0x01;
      const err = await failure(file('spin.xlsx', c));
      expect(err.message).toMatch(/spin\.xlsx: not a readable \.xlsx workbook: its zip package is damaged \(entry xl\/worksheets\/sheet8\.xml fails its size or CRC check\)/);
    }
  });

  it('extract has a per-file time limit: a workbook still being read at the limit is stopped, and the next file is read', async () => {
    // a big sheet takes exceljs tens of seconds; a 1 s limit stops it mid-read
    const rows = Array.from({ length: 120_000 }, (_, i) => [`项目${i}`, i, i * 2, i * 3]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
    const slow = file('slow.xlsx', Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array));
    const good = file('after-slow.pdf', await miniPdf());
    const r = await cli([slow, good], { timeoutMs: 1000 });
    expect(r.code, r.lines.join('\n')).toBe(1);
    expect(r.lines.find((l) => l.includes('slow.xlsx'))).toMatch(/^FAIL .*slow\.xlsx: took longer than the 1 s limit per file .*raise it with --timeout/);
    expect(r.lines.find((l) => l.includes('after-slow.pdf'))).toMatch(/^ok {3}.*after-slow\.pdf: /);
  });
});

describe('no file takes the command down with it', () => {
  it('a reader process that V8 aborts (the font limit raised past V8\'s largest array) fails only its file; the files before and after keep their lines', async () => {
    const before = file('before-abort.pdf', await miniPdf());
    const bomb = file('abort.pdf', cffFontPdf(cffFdSelectBomb(8192)));
    const after = file('after-abort.xlsx', readFileSync(sample('fenyang-2024-tables.xlsx')));
    const saved = process.env.YJSGK_MAX_FONT_GLYPHS;
    // the reader processes inherit it: the prescan lets the font through, and pdf.js grows its array until V8 stops
    process.env.YJSGK_MAX_FONT_GLYPHS = String(2 ** 31);
    let r;
    try {
      const lines: string[] = [];
      const code = await runExtract([before, bomb, after], { out: path.join(dir, 'out-abort'), format: 'json', ocr: 'never', maxMemoryMb: 4096 }, (l) => lines.push(l), (l) => lines.push(l));
      r = { code, lines };
    } finally {
      if (saved === undefined) delete process.env.YJSGK_MAX_FONT_GLYPHS;
      else process.env.YJSGK_MAX_FONT_GLYPHS = saved;
    }
    const of = (name: string) => r.lines.filter((l) => /^(ok {3}|FAIL )/.test(l) && l.includes(name));
    expect(of('before-abort.pdf')).toEqual([expect.stringMatching(/^ok {3}/)]);
    expect(of('after-abort.xlsx')).toEqual([expect.stringMatching(/^ok {3}/)]);
    // with the memory limits above what the array takes (about 2 GB), V8's own abort: one FAIL line saying so
    expect(of('/abort.pdf')).toEqual([expect.stringMatching(/^FAIL .*\/abort\.pdf: the reader crashed on this file \(V8 stopped it: invalid size error\)$/)]);
    expect(r.code).toBe(1);
  }, 120_000);

  it('a reader over its resident-memory limit (native memory included) is stopped and its file fails naming the limit', async () => {
    const pool = new WorkerPool({ size: 1, maxMemoryMb: 2048, maxRssMb: 40, recycleAfter: 5 });
    try {
      const r = await pool.run(sample('fenyang-2024-final.pdf'), { ocr: 'never', timeoutMs: 120_000 });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('too_large');
        expect(r.reason).toBe('ran out of memory (the reader went over the 40 MiB a file may use, native and image memory included; raise it with --max-memory)');
      }
      expect(r.peakRss).toBeGreaterThan(40 * 1048576);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a file stopped at its time limit says how much CPU time it had: little of it on a loaded machine means the machine was busy, not a spinning file', () => {
    expect(timeLimitReason(60_000, 9_840, true, true)).toBe('took longer than the 60 s limit per file (the reader was stopped after 9.8 s of CPU time: the machine was busy; raise it with --timeout)');
    // little CPU time on an idle machine: waiting, not slowed, so no word about the machine
    expect(timeLimitReason(60_000, 9_840, true, false)).toBe('took longer than the 60 s limit per file (the reader was stopped after 9.8 s of CPU time; raise it with --timeout)');
    expect(timeLimitReason(60_000, 59_500, false, true)).toBe('took longer than the 60 s limit per file (stopped after 59.5 s of CPU time; raise it with --timeout)');
    expect(timeLimitReason(1000, undefined, true, true)).toBe('took longer than the 1 s limit per file (the reader was stopped; raise it with --timeout)');
  });

  /** `yjsgk extract FILES… -` with `input` on stdin: the result and failure lines, the exit */
  const stdinCli = (args: string[], input: Buffer, env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'src/cli/main.ts'), 'extract', ...args, '--out', path.join(dir, 'out-stdin'), '--format', 'json', '--ocr', 'never'], {
      cwd: repo, encoding: 'utf8', input, env: { ...process.env, ...env }, timeout: 180_000, maxBuffer: 64 << 20,
    });
    // stderr's lines begin with their time
    const lines = (r.stdout + r.stderr).trim().split('\n').map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ''));
    return { ...r, lines: lines.filter((l) => /^(ok {3}|FAIL )/.test(l)) };
  };

  it('stdin is read in a reader process like a file: a V8 abort on its bytes fails stdin alone with one line, not the command', async () => {
    const before = file('before-stdin.pdf', await miniPdf());
    // the font limit raised: pdf.js grows its array until V8 aborts the process reading it (it was the CLI itself)
    const r = stdinCli([before, '-', '--max-memory', '4096'], cffFontPdf(cffFdSelectBomb(8192)), { YJSGK_MAX_FONT_GLYPHS: String(2 ** 31) });
    expect(r.signal).toBeNull();
    expect(r.lines).toEqual([expect.stringMatching(/^ok {3}.*before-stdin\.pdf: /), 'FAIL stdin: the reader crashed on this file (V8 stopped it: invalid size error)']);
    expect(r.status).toBe(1);
  }, 200_000);

  it('stdin has the per-file time limit of a file: a workbook still being read at the limit is stopped, naming stdin', () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => [`项目${i}`, i, i * 2, i * 3]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
    const r = stdinCli(['-', '--timeout', '1'], Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array));
    expect(r.signal).toBeNull();
    // with the CPU time the file had before it was stopped
    expect(r.lines).toEqual([expect.stringMatching(/^FAIL stdin: took longer than the 1 s limit per file \((the reader was )?stopped after \d[\d.]* m?s of CPU time.*; raise it with --timeout\)$/)]);
    expect(r.status).toBe(1);
  }, 200_000);
});

describe('the process ends when the work is done', () => {
  it('the OCR pool closes every worker it starts, whatever the order (warm after close, close while warming)', () => {
    const code = `import { OcrPool } from ${JSON.stringify(path.join(repo, 'src/ocr/engine.ts'))};
      import { resolveTessdata } from ${JSON.stringify(path.join(repo, 'src/ocr/tessdata.ts'))};
      const data = resolveTessdata('x.pdf');
      const a = new OcrPool(data, 1);
      const warming = a.warm().catch(() => undefined);
      await a.close();
      await warming;
      const b = new OcrPool(data, 1);
      await b.close();
      await b.warm().catch(() => undefined);
      console.log('closed');`;
    // a worker left running keeps the process alive: it would end only when spawnSync kills it (a script file, not
    // -e: tesseract.js's worker threads inherit the process's flags)
    const script = file('pool-order.mts', code);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('closed');
  });

  it('a 1.8 KB PDF declaring a 60000×60000 image, read with OCR: one line, and the command exits by itself', () => {
    const img = pdfStream('/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(100));
    const p = file('declared-60000.pdf', onePagePdf('q 595 0 0 842 0 0 cm /Im1 Do Q', { resources: '/XObject <</Im1 6 0 R>>', extra: [img] }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'src/cli/main.ts'), 'extract', p, '--out', path.join(dir, 'out'), '--format', 'json'], { cwd: repo, encoding: 'utf8', timeout: 180_000 });
    expect(r.signal).toBeNull();
    const lines = (r.stdout + r.stderr).trim().split('\n').filter((l) => /^(ok {3}|FAIL )/.test(l));
    expect(lines).toEqual([expect.stringMatching(/^ok {3}.*declared-60000\.pdf: .*1 warnings/)]);
  });
});

describe('reasons say what the file is', () => {
  it('an HTML page containing %PDF- is a web page, not a truncated PDF', async () => {
    const e = await failure(file('page.pdf', '<!DOCTYPE html>\n<html><body>report %PDF-1.7 not found</body></html>\n'));
    expect(e.code).toBe('not_pdf');
    expect(e.message).toBe(`${path.join(dir, 'page.pdf')}: not a PDF or workbook (a web page (HTML))`);
  });

  it('a PDF after 2000 NUL bytes is read (junk before the header is accepted within the first 64 KiB)', async () => {
    const doc = await extract({ name: 'nul.pdf', data: onePagePdf(TEXT, { prefix: Buffer.alloc(2000) }) }, { ocr: 'never' });
    expect(doc.document.pages).toBe(1);
    expect(doc.warnings).toEqual([]);
    const far = await failure(file('far.pdf', onePagePdf(TEXT, { prefix: Buffer.alloc(100_000) })));
    expect(far.message).toMatch(/far\.pdf: not a PDF or workbook \(a %PDF- header only after the first 64 KiB/);
  });

  it('a page-tree loop is a clear failure, not "ok … 0 pages"', async () => {
    const e = await failure(file('loop.pdf', rawPdf(['<</Type /Catalog /Pages 2 0 R>>', '<</Type /Pages /Kids [3 0 R] /Count 2>>', '<</Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1>>'])));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/loop\.pdf: corrupt PDF: none of its \d+ pages can be read \(page 1 cannot be read: the page tree refers to itself/);
  });

  it('a .docx is "not a PDF or workbook (a Word document)"', async () => {
    const docx = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>') },
    ]);
    for (const name of ['report.docx', 'report.xlsx']) {
      const e = await failure(file(name, docx));
      expect(e.message).toBe(`${path.join(dir, name)}: not a PDF or workbook (a Word document)`);
    }
  });
});

describe('damaged workbooks are said to be damaged, with the library\'s words only as the detail', () => {
  it.skipIf(!HAS_SHARED)('a .xls cut short (fuzz: SheetJS\'s "Cannot set properties of undefined") is "its content is damaged"', async () => {
    const xls = readFileSync(corpus('excel', 'shanxi-fenyang-2024-tables.xls'));
    const e = await failure(file('cut.xls', xls.subarray(0, 19_595)));
    expect(e.code).toBe('corrupt');
    expect(e.message).toBe(`${path.join(dir, 'cut.xls')}: not a readable .xls workbook: its content is damaged (SheetJS failed inside it: Cannot set properties of undefined (setting 'name'))`);
  });

  it('a worksheet that inflates past the size its zip directory records (zlib: "Cannot create a Buffer larger than") says so', async () => {
    const pkg = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(5000, 0x61) }]);
    // the central directory's uncompressed size of the entry, made smaller than what it holds
    const central = pkg.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    pkg.writeUInt32LE(100, central + 24);
    const e = await failure(file('grows.xlsx', pkg));
    expect(e.message).toBe(`${path.join(dir, 'grows.xlsx')}: not a readable .xlsx workbook: its zip package is damaged (entry xl/worksheets/sheet1.xml inflates to more than its recorded 100 bytes)`);
  });
});

describe('a zip entry whose name is damaged', () => {
  it('is named by its place, not by its bytes (fuzz 1065: a part over the size limit whose name was 18 lines of binary)', async () => {
    const pkg = zip([{ name: 'xl/\u0001\u0002\nPK\u0003binary', data: Buffer.alloc(10, 0x61) }]);
    const central = pkg.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    pkg.writeUInt32LE(0x7fffffff, central + 24);
    const e = await failure(file('bad-name.xlsx', pkg));
    expect(e.message).toBe(`${path.join(dir, 'bad-name.xlsx')}: the workbook part number 1 (its name is damaged) is 2147483647 bytes, over the 268435456 bytes per workbook part limit (raise it with YJSGK_MAX_PART_BYTES=…)`);
  });
});

describe.skipIf(!HAS_SHARED)('a run of text the page cannot place', () => {
  it('a flipped byte in the 万里 budget (fuzz input 0024) that gives a run no position is read without it, not failed with a schema message', async () => {
    const { campaignSeeds } = await import('../scripts/fuzz/run.js');
    const { generate } = await import('../scripts/fuzz/generate.js');
    const seeds = campaignSeeds({ corpus: true, maxBytes: 8 * 1024 * 1024 });
    const input = generate({ seed: 1, count: 30, seeds, ocrShare: 0.03 }).find((i) => i.name === '0024-flip-shanghai-putuo-wanli-2025-budget.pdf');
    expect(input, 'the generator still makes the input').toBeDefined();
    const { extract } = await import('../src/api.js');
    const doc = await extract(new Uint8Array(input!.data), { ocr: 'never', name: input!.name });
    expect(doc.facts.length).toBeGreaterThan(900);
    expect(doc.facts.every((f) => !f.box || [f.box.x0, f.box.y0, f.box.x1, f.box.y1].every(Number.isFinite))).toBe(true);
  });
});
