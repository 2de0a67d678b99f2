/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The review page as a person sees it, in headless Chromium: each number on its page (its box over the printed
 * digits), every fact of the JSON in a cell, every issue listed, an issue's click showing its cells, filters
 * and keys working, nothing fetched from the network.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { extract } from '../src/api.js';
import { writeOutputs } from '../src/export/index.js';
import { simulateScan } from '../scripts/scan/simulate.js';
import type { Extraction } from '../src/model/schema.js';
import { launch, type Browser } from './helpers/browser.js';
import { HAS_SHARED, corpus, sample } from './helpers/shared.js';

/** The facts an issue names, as the contract reads its refs: a ref with a row names that row's cell(s). */
function namedFacts(doc: Extraction, i: number): number[] {
  const iss = doc.issues[i];
  const refs = [...iss.refs, ...(iss.suspect ? [iss.suspect] : [])];
  return doc.facts
    .map((f, k) => ({ f, k }))
    .filter(({ f }) => refs.some((r) => r.table === f.table && r.row === f.row && (r.column === undefined || r.column === f.column)))
    .map(({ k }) => k);
}

async function writePage(file: string, doc: Extraction, dir: string): Promise<string> {
  const stem = path.basename(file).replace(/\.(pdf|xlsx|xls)$/i, '');
  await writeOutputs(doc, dir, stem, ['html'], { input: file });
  return path.join(dir, `${stem}.html`);
}

/** Every fact of the JSON in exactly one cell, showing its printed text; every issue listed with its message. */
async function expectAllShown(page: Page, doc: Extraction): Promise<void> {
  const shown = await page.evaluate(() => ({
    cells: [...document.querySelectorAll('td[data-f]')].map((td) => [Number((td as HTMLElement).dataset.f), td.childNodes[0]?.textContent ?? ''] as const),
    issues: [...document.querySelectorAll('#issues li.issue')].map((li) => [li.querySelector('.rule')!.textContent, li.querySelector('.msg')!.textContent]),
  }));
  const byFact = new Map<number, string[]>();
  for (const [f, text] of shown.cells) byFact.set(f, [...(byFact.get(f) ?? []), text]);
  const missing = doc.facts.map((_, i) => i).filter((i) => !byFact.has(i));
  expect(missing.map((i) => doc.facts[i])).toEqual([]);
  expect(shown.cells.length).toBe(doc.facts.length);
  const wrong = doc.facts.filter((f, i) => byFact.get(i)![0] !== (f.printed ?? String(f.value)));
  expect(wrong).toEqual([]);
  expect(shown.issues).toEqual(doc.issues.map((i) => [i.rule, i.message]));
}

/**
 * For each page section: its viewBox, where each box is drawn (as a share of the figure), whether the image
 * covers the figure, and the darkest pixel of the page image inside each box (in the image's own frame: turned
 * like the page the OCR stage read, where it was turned).
 */
async function drawnBoxes(page: Page) {
  // the images load as they scroll into view: load them all for the check
  await page.evaluate(() => Promise.all([...document.querySelectorAll('figure.shot img')].map((i) => {
    (i as HTMLImageElement).loading = 'eager';
    return (i as HTMLImageElement).decode();
  })));
  return page.evaluate(() =>
    [...document.querySelectorAll('section.page[data-page]')].map((sec) => {
      const fig = sec.querySelector('figure.shot')!;
      const img = fig.querySelector('img') as HTMLImageElement | null;
      const svg = fig.querySelector('svg')!;
      const vb = svg.viewBox.baseVal;
      const fr = fig.getBoundingClientRect();
      // the image's layout box (a turned image keeps it)
      const ir = img ? { width: img.offsetWidth, height: img.offsetHeight } : undefined;
      let ink: number[] = [];
      let edges: number[] = [];
      const rects = [...svg.querySelectorAll('rect[data-f]')].map((r) => {
        const b = r.getBoundingClientRect();
        return { f: Number((r as SVGElement).dataset.f), x0: (b.left - fr.left) / fr.width, y0: (b.top - fr.top) / fr.height, x1: (b.right - fr.left) / fr.width, y1: (b.bottom - fr.top) / fr.height };
      });
      if (img) {
        // the darkest pixel inside each box of the page image
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const g = c.getContext('2d')!;
        // drawn turned as the page shows it (an OCR'd page turned like the image the OCR stage read)
        const turn = Number((img.style.transform.match(/rotate\((-?[\d.e-]+)deg\)/) ?? [])[1] ?? 0);
        g.fillStyle = '#fff';
        g.fillRect(0, 0, c.width, c.height);
        g.translate(c.width / 2, c.height / 2);
        g.rotate((turn * Math.PI) / 180);
        g.translate(-c.width / 2, -c.height / 2);
        g.drawImage(img, 0, 0);
        g.setTransform(1, 0, 0, 1, 0, 0);
        const sx = img.naturalWidth / vb.width;
        const sy = img.naturalHeight / vb.height;
        ink = [...svg.querySelectorAll('rect[data-f]')].map((r) => {
          const x = Number(r.getAttribute('x')) * sx, y = Number(r.getAttribute('y')) * sy;
          const w = Math.max(1, Number(r.getAttribute('width')) * sx), h = Math.max(1, Number(r.getAttribute('height')) * sy);
          const d = g.getImageData(Math.floor(x), Math.floor(y), Math.ceil(w), Math.ceil(h)).data;
          let min = 255;
          for (let i = 0; i < d.length; i += 4) min = Math.min(min, (d[i] * 77 + d[i + 1] * 150 + d[i + 2] * 29) >> 8);
          return min;
        });
        // the share of the box's top and left edges that lies on a dark line (a cell's rulings, for boxes that are cells)
        const dark = (x: number, y: number, w: number, h: number, along: 'x' | 'y') => {
          const d = g.getImageData(Math.floor(x), Math.floor(y), Math.max(1, Math.floor(w)), Math.max(1, Math.floor(h))).data;
          const W = Math.max(1, Math.floor(w)), H = Math.max(1, Math.floor(h));
          const n = along === 'x' ? W : H;
          let hit = 0;
          for (let k = 0; k < n; k++) {
            let m = 255;
            for (let j = 0; j < (along === 'x' ? H : W); j++) {
              const i = (along === 'x' ? j * W + k : k * W + j) * 4;
              m = Math.min(m, (d[i] * 77 + d[i + 1] * 150 + d[i + 2] * 29) >> 8);
            }
            if (m < 160) hit++;
          }
          return hit / n;
        };
        edges = [...svg.querySelectorAll('rect[data-f]')].map((r) => {
          const x = Number(r.getAttribute('x')) * sx, y = Number(r.getAttribute('y')) * sy;
          const w = Number(r.getAttribute('width')) * sx, h = Number(r.getAttribute('height')) * sy;
          const top = dark(x + w * 0.1, Math.max(0, y - 2), w * 0.8, 5, 'x');
          const left = dark(Math.max(0, x - 2), y + h * 0.1, 5, h * 0.8, 'y');
          return Math.min(top, left);
        });
      }
      return {
        page: Number((sec as HTMLElement).dataset.page), vb: [vb.width, vb.height], rects, ink, edges,
        imgCoversFigure: ir ? Math.abs(ir.width - fr.width) < 2 && Math.abs(ir.height - fr.height) < 2 : false,
      };
    }),
  );
}

describe('review page of samples/fenyang-2024-final.pdf (58 pages) in Chromium', () => {
  let browser: Browser;
  let doc: Extraction;
  let page: Page;
  let requests: string[];
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-review-'));

  beforeAll(async () => {
    const file = sample('fenyang-2024-final.pdf');
    doc = await extract(file);
    const html = await writePage(file, doc, dir);
    browser = await launch();
    const opened = await browser.open(html);
    page = opened.page;
    requests = opened.requests;
    const mb = readFileSync(html).length / 1048576;
    // measured, not asserted (timings depend on the machine)
    console.log(`review page: ${doc.document.pages} pages, ${mb.toFixed(1)} MB, opened in ${opened.ms.toFixed(0)} ms in headless Chromium`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every fact of the JSON in a cell and lists every issue', async () => {
    await expectAllShown(page, doc);
  });

  it('draws on each page exactly that page\'s facts, at their boxes, over the printed digits', async () => {
    const pages = await drawnBoxes(page);
    const tablePages = [...new Set(doc.tables.flatMap((t) => t.pages))];
    expect(pages.map((p) => p.page)).toEqual(expect.arrayContaining(tablePages));
    let boxes = 0;
    for (const p of pages) {
      const info = doc.pages.find((x) => x.page === p.page)!;
      expect(p.vb[0]).toBeCloseTo(info.width, 3);
      expect(p.vb[1]).toBeCloseTo(info.height, 3);
      expect(p.imgCoversFigure).toBe(true);
      const want = doc.facts.map((f, i) => ({ f, i })).filter(({ f }) => f.page === p.page && f.box);
      expect(p.rects.map((r) => r.f).sort((a, b) => a - b)).toEqual(want.map((w) => w.i));
      for (const r of p.rects) {
        const b = doc.facts[r.f].box!;
        // where the box is drawn, as a share of the page: the fact's box in page points, origin top-left
        expect(r.x0).toBeCloseTo(b.x0 / info.width, 2);
        expect(r.y0).toBeCloseTo(b.y0 / info.height, 2);
        expect(r.x1).toBeCloseTo(b.x1 / info.width, 2);
        expect(r.y1).toBeCloseTo(b.y1 / info.height, 2);
      }
      // printed digits lie under the boxes
      const inked = p.ink.filter((v) => v < 128).length;
      expect(inked).toBe(p.ink.length);
      boxes += p.rects.length;
    }
    expect(boxes).toBe(doc.facts.filter((f) => f.box).length);
  });

  it('shows an issue\'s cells, and its boxes, when the issue is clicked', async () => {
    const i = doc.issues.findIndex((iss, k) => iss.severity === 'error' && namedFacts(doc, k).length > 1);
    expect(i).toBeGreaterThanOrEqual(0);
    await page.click(`#issue-${i}`);
    const want = namedFacts(doc, i);
    const sel = await page.evaluate(() => ({
      cells: [...document.querySelectorAll('td.sel')].map((e) => Number((e as HTMLElement).dataset.f)),
      boxes: [...document.querySelectorAll('rect.sel')].map((e) => Number((e as SVGElement).dataset.f)),
      on: [...document.querySelectorAll('li.issue.on')].map((e) => e.id),
    }));
    expect(sel.cells.sort((a, b) => a - b)).toEqual(want);
    expect(sel.boxes.sort((a, b) => a - b)).toEqual(want.filter((k) => doc.facts[k].box));
    expect(sel.on).toEqual([`issue-${i}`]);
    // the first of its cells is scrolled into view
    const first = page.locator('td.sel').first();
    await expect.poll(() => first.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    })).toBe(true);
    // the facts it names carry the issue's colour
    const states = await page.evaluate((ks) => ks.map((k) => document.querySelector(`td[data-f="${k}"]`)!.className), want);
    expect(states.every((c) => /st-issue_error/.test(c))).toBe(true);
  });

  it('lights a cell\'s box when the cell is hovered, and the cell when its box is', async () => {
    const k = doc.facts.findIndex((f) => f.box && f.table === 'income');
    await page.hover(`td[data-f="${k}"]`);
    expect(await page.getAttribute(`rect[data-f="${k}"]`, 'class')).toMatch(/\bhot\b/);
    const k2 = doc.facts.findIndex((f) => f.box && f.table === 'summary');
    await page.locator(`section#page-${doc.facts[k2].page}`).scrollIntoViewIfNeeded();
    await page.hover(`rect[data-f="${k2}"]`, { force: true });
    expect(await page.getAttribute(`td[data-f="${k2}"]`, 'class')).toMatch(/\bhot\b/);
  });

  it('filters issues by severity and steps through the shown ones with j/k', async () => {
    await page.keyboard.press('Escape');
    await page.uncheck('input[data-sev="error"]');
    const visible = await page.evaluate(() => [...document.querySelectorAll('#issues li.issue')].filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.id));
    const notErrors = doc.issues.map((x, i) => ({ x, i })).filter(({ x }) => x.severity !== 'error').map(({ i }) => `issue-${i}`);
    expect(visible).toEqual(notErrors);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.querySelector('li.issue.on')?.id)).toBe(notErrors[1]);
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.querySelector('li.issue.on')?.id)).toBe(notErrors[0]);
    await page.check('input[data-sev="error"]');
  });

  it('shows the document\'s identity and fetches nothing from the network', async () => {
    const ident = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-id]')].map((e) => [e.getAttribute('data-id'), e.textContent])));
    expect(ident).toMatchObject({ 部门: doc.document.department, 年度: String(doc.document.year), 类型: '决算', 页数: '58' });
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('link[href], script[src], iframe').length)).toBe(0);
  });
});

describe('review page of a scanned page turned by 1.2°', () => {
  it('shows the page turned as the OCR stage read it, each box over its printed digits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-review-scan-'));
    const file = path.join(dir, 'income-scan.pdf');
    writeFileSync(file, await simulateScan(new Uint8Array(readFileSync(sample('fenyang-2024-final.pdf'))), { pages: [6], rotate: 1.2, seed: 3 }));
    const doc = await extract(file, { ocr: 'auto' });
    expect(doc.pages[0].source).toBe('ocr');
    expect(Math.abs(doc.pages[0].skew ?? 0)).toBeGreaterThan(0.8);
    const browser = await launch();
    try {
      const { page } = await browser.open(await writePage(file, doc, dir));
      await expectAllShown(page, doc);
      const [p] = await drawnBoxes(page);
      expect(p.rects.length).toBe(doc.facts.filter((f) => f.box).length);
      expect(p.rects.length).toBeGreaterThan(40);
      expect(p.ink.filter((v) => v < 128).length).toBe(p.ink.length);
      // the OCR'd facts' boxes are their cells: each box's top and left edges lie on the cell's rulings
      const onRule = p.edges.filter((e) => e > 0.7).length / p.edges.length;
      console.log(`turned scan: ${(onRule * 100).toFixed(0)}% of the boxes with their top and left edges on the cell's rulings`);
      expect(onRule).toBeGreaterThan(0.9);
    } finally {
      await browser.close();
    }
  }, 300_000);
});

/**
 * Each file's review page: every fact in a cell (showing its printed text), every issue listed, a box for every
 * fact with a box on a page shown as an image, and page images exactly for PDF input.
 */
function eachShowsAll(files: string[], locate: (name: string) => string): void {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-review-'));
  for (const name of files) {
    it(name, async () => {
      const file = locate(name);
      const doc = await extract(file);
      const { page } = await browser.open(await writePage(file, doc, dir));
      await expectAllShown(page, doc);
      const imgs = await page.locator('figure.shot img').count();
      if (doc.document.format === 'pdf') expect(imgs).toBeGreaterThan(0);
      else expect(imgs).toBe(0);
      const boxes = await page.locator('rect[data-f]').count();
      expect(boxes).toBe(doc.facts.filter((f) => f.box && f.page !== undefined && doc.pages.some((p) => p.page === f.page && p.source !== 'sheet')).length);
      await page.close();
    }, 300_000);
  }
}

describe('review pages of the other samples show every fact and issue', () => {
  eachShowsAll(['fenyang-2024-tables.xlsx', 'variants/two-per-page.pdf', 'variants/rotated.pdf'], (n) => sample(n));
});

describe.skipIf(!HAS_SHARED)('review pages of the corpus show every fact and issue', () => {
  eachShowsAll(
    HAS_SHARED
      ? ['final/shanghai-putuo-ghzyj-2024-final.pdf', 'final/shanghai-putuo-shgzb-2024-final.pdf', 'final/shanghai-putuo-template-final.pdf',
          'scanned/shanghai-putuo-ghzyj-2024-final-mixed.pdf', 'excel/shanxi-fenyang-2024-tables.xls', 'excel/shanxi-fenyang-2024-tables.xlsx',
          'budget/shanghai-putuo-wanli-2025-budget.pdf', 'budget/jiangsu-jcy-2019-budget.pdf', 'budget/huzhou-tuiyi-2026-budget.pdf',
          'budget/changsha-jiaoyu-2026-budget.pdf', 'budget/beijing-junmin-2026-budget-tables.pdf']
      : [],
    (n) => corpus(n),
  );
});
