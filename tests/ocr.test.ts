/**
 * Scanned input, self-contained: the sample's pages scanned by the simulator read back into the same facts;
 * OCR is local only; missing language data is a clear error; only unusable text layers are OCR'd.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { extract } from '../src/api.js';
import { InputError } from '../src/model/errors.js';
import type { Extraction, Fact } from '../src/model/schema.js';
import type { PageContent } from '../src/model/page.js';
import { needsOcr } from '../src/ocr/index.js';
import { flagIdentities } from '../src/ocr/reread.js';
import { fixMisreadings } from '../src/domain/ocr.js';
import { validate } from '../src/validate/index.js';
import { resolveTessdata } from '../src/ocr/tessdata.js';
import { simulateScan } from '../scripts/scan/simulate.js';
import { sample } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const SAMPLE = sample('fenyang-2024-final.pdf');
const TRUTH = sample('fenyang-2024-final.truth.json');
// 公开01表 收入支出决算总表, 公开02表 收入决算表, 公开04表 财政拨款收入支出决算总表
const PAGES = [5, 6, 9];
const KINDS = ['summary', 'income', 'fiscal_summary'];

function page(strs: string[]): PageContent {
  return {
    page: 1,
    width: 595,
    height: 842,
    items: strs.map((str, i) => ({ str, x0: 50, y0: 50 + i * 20, x1: 300, y1: 62 + i * 20, size: 12 })),
    rules: [],
    source: 'text',
  };
}

describe('which pages are OCR’d', () => {
  it('a page with real text keeps its text layer; an empty one or one of unmapped glyphs is OCR’d', () => {
    expect(needsOcr(page(['2024年度部门决算', '收入支出决算总表']), 'auto')).toBe(false);
    expect(needsOcr(page([]), 'auto')).toBe(true);
    expect(needsOcr(page(['\uE001\uE002\uE003\uE004\uE005\uE006', '\uFFFD\uFFFD\uFFFD']), 'auto')).toBe(true);
    // CJK radicals only: a font mapped every glyph to a radical
    expect(needsOcr(page(['⺀⺁⺂⺃⺄⺅⺆⺇', '⼀⼁⼂⼃⼄⼅']), 'auto')).toBe(true);
    expect(needsOcr(page(['2024年度部门决算']), 'always')).toBe(true);
    expect(needsOcr(page([]), 'never')).toBe(false);
    // a blank page (no text, no image, no drawing) is not sent to the recogniser
    expect(needsOcr({ ...page([]), source: 'blank' }, 'auto')).toBe(false);
    // a scanned page with a stamped page number or seal text: a page-size image and a few words
    expect(needsOcr({ ...page(['- 5 -', '印章']), imageCover: 0.95 }, 'auto')).toBe(true);
    expect(needsOcr({ ...page(['- 5 -', '印章']), imageCover: 0.1 }, 'auto')).toBe(false);
    // the source reads radicals as ideographs, and says how many there were: mostly radicals is no real text
    expect(needsOcr({ ...page(['一人入支生']), radicalShare: 0.9 }, 'auto')).toBe(true);
    expect(needsOcr({ ...page(['一般公共预算财政拨款支出']), radicalShare: 0.1 }, 'auto')).toBe(false);
    expect(needsOcr({ ...page(['2024年度部门决算收入支出决算总表一般公共预算财政拨款收入一般公共服务支出公共安全支出']), imageCover: 0.95 }, 'auto')).toBe(false);
  });
});

describe('misread words of an OCR line', () => {
  it('an ordinal heading whose numeral was misread (八、 read as 从、 by a seal’s remnant) gets its numeral back; the same glyph inside a line is left', () => {
    expect(fixMisreadings('从、社会保障和就业支出')).toBe('八、社会保障和就业支出');
    expect(fixMisreadings('千、节能环保支出')).toBe('十、节能环保支出');
    expect(fixMisreadings('从业人员、经费')).toBe('从业人员、经费');
    expect(fixMisreadings('项日名称')).toBe('项目名称');
    // 150 dpi soft: 决算数 and 公用经费合计 as read
    expect(fixMisreadings('决址数')).toBe('决算数');
    expect(fixMisreadings('公用经栅合计')).toBe('公用经费合计');
  });
});

describe('Chinese OCR data', () => {
  it('an explicit --tessdata directory without chi_sim is an InputError that says how to install it', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'yjsgk-tessdata-'));
    try {
      let err: unknown;
      try {
        resolveTessdata('scan.pdf', empty);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).code).toBe('ocr_data_missing');
      expect((err as InputError).message).toMatch(/^scan\.pdf: /);
      expect((err as InputError).message).toContain('apt-get install tesseract-ocr-chi-sim');
      expect((err as InputError).message).toContain('--tessdata');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('TESSDATA_PREFIX is used when no directory is given', () => {
    const system = resolveTessdata('x.pdf');
    expect(resolveTessdata('x.pdf', undefined, { TESSDATA_PREFIX: system.chi.dir }).chi.dir).toBe(system.chi.dir);
  });
});

describe('a scanned copy of the sample', () => {
  let scan: Uint8Array;
  let doc: Extraction;
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'yjsgk-ocr-cwd-'));
  const cwd = process.cwd();
  const fetches: string[] = [];

  beforeAll(async () => {
    scan = await simulateScan(new Uint8Array(readFileSync(SAMPLE)), { pages: PAGES, seed: 7 });
    // no network and no cache: any fetch fails, and the working directory (tesseract.js's default cache
    // place) is an empty directory that must stay empty
    vi.stubGlobal('fetch', async (url: unknown) => {
      fetches.push(String(url));
      throw new Error('network unreachable');
    });
    process.chdir(cacheDir);
    try {
      doc = await extract({ name: 'fenyang-scan.pdf', data: scan });
    } finally {
      process.chdir(cwd);
      vi.unstubAllGlobals();
    }
  }, 600_000);

  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('is an image-only PDF that every page of is read by OCR', () => {
    expect(doc.document.ocrPages).toEqual([1, 2, 3]);
    expect(doc.pages.every((p) => p.source === 'ocr')).toBe(true);
  });

  it('gives the facts of its tables (recall and precision ≥ 0.99, every table found)', () => {
    const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as Truth;
    const mine: Truth = { ...truth, tables: truth.tables.filter((k) => KINDS.includes(k)), facts: truth.facts.filter((f) => KINDS.includes(f.table)) };
    const s = score(doc, mine);
    expect(s.misses).toEqual([]);
    expect(s.recall).toBeGreaterThanOrEqual(0.99);
    expect(s.precision).toBeGreaterThanOrEqual(0.99);
    expect(s.tableRecall).toBe(1);
  });

  it('marks every fact as read by OCR, with its confidence', () => {
    expect(doc.facts.length).toBeGreaterThan(50);
    for (const f of doc.facts) {
      expect(f.source).toBe('ocr');
      expect(f.flags).toContain('ocr');
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('a misread number is flagged with the identity it breaks (validation’s), and keeps the value it was read as', () => {
    const copy = structuredClone(doc);
    // every sum holds as read: nothing flagged
    expect(copy.facts.some((f) => f.flags?.includes('sum_mismatch'))).toBe(false);
    const f = copy.facts.find((x) => x.table === 'income' && /^\d{7}$/.test(x.row) && x.column === 'total' && x.value > 1)!;
    f.value += 1;
    expect(flagIdentities(copy.facts, validate(copy))).toBeGreaterThan(0);
    expect(f.flags).toContain('sum_mismatch');
    expect(copy.facts.find((x) => x.table === 'summary')?.flags ?? []).not.toContain('sum_mismatch');
  });

  it('was read without the network and wrote no cache', () => {
    expect(fetches).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('with --ocr never, is left unread', async () => {
    const none = await extract({ name: 'fenyang-scan.pdf', data: scan }, { ocr: 'never' });
    expect(none.facts).toEqual([]);
    expect(none.document.ocrPages).toBeUndefined();
  });

  it('with a --tessdata directory lacking Chinese data, fails with the install hint', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'yjsgk-tessdata-'));
    try {
      await expect(extract({ name: 'fenyang-scan.pdf', data: scan }, { tessdata: empty })).rejects.toThrow(/tesseract-ocr-chi-sim/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
