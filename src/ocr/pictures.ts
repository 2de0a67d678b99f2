/**
 * Pictures in text pages: a department types its narrative in a word processor and pastes screenshots of the
 * 决算 software's tables between the headings. Such a page has a usable text layer, but its tables are pixels.
 * Each picture that could hold a table — big enough, mostly paper, not already covered by text, and either
 * ruled inside or under a table title — is read by OCR in its region, and its words and rules join the page's
 * text layer, so the table is found by its heading like any other.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { KINDS, normTitle } from '../domain/kinds.js';
import type { Box, PageContent, Rule, TextItem } from '../model/page.js';
import type { OcrPool } from './engine.js';
import { binarize, inkThreshold, pictureImage } from './image.js';
import { readImage } from './page.js';
import { findRules } from './rules.js';

/** What makes a picture worth reading (points, shares). */
export const PICTURE = {
  /** narrowest picture, as a share of the page width */
  minWidthShare: 0.3,
  /** shortest picture, in points (a continuation of a few rows is about 100) */
  minHeight: 40,
  /** most text-layer characters inside a picture that is still read (more: it already has a text layer) */
  maxCoveredChars: 8,
  /** how far above a picture a table title may stand, in points */
  titleReach: 90,
  /** at least this share of the picture is paper (a photograph is not) */
  minPaper: 0.6,
};

const inside = (i: TextItem, b: Box) => {
  const cx = (i.x0 + i.x1) / 2;
  const cy = (i.y0 + i.y1) / 2;
  return cx >= b.x0 && cx <= b.x1 && cy >= b.y0 && cy <= b.y1;
};

const TITLES = KINDS.flatMap((k) => k.titles.map(normTitle));
const TITLE_RE = /(决算|预算|收支|经费|支出|收入)[^，。；]{0,12}表$|^(附表|公开)\d*[表-]?/;

/** Whether the text just above `box` names a table (a heading the picture's table belongs to). */
function titledAbove(page: PageContent, box: Box): boolean {
  const near = page.items.filter((i) => i.y1 <= box.y0 + 4 && i.y1 >= box.y0 - PICTURE.titleReach && i.x1 > box.x0 - 20 && i.x0 < box.x1 + 20);
  return near.some((i) => {
    const t = normTitle(i.str);
    return TITLE_RE.test(t) || TITLES.some((x) => t.includes(x));
  });
}

/** The pictures of a text page that may hold a table, by size and text coverage alone (no pixels read). */
export function pictureCandidates(page: PageContent): Box[] {
  if (page.source === 'blank' || page.source === 'sheet' || !page.images?.length) return [];
  return page.images.filter((b) => {
    const w = Math.min(b.x1, page.width) - Math.max(b.x0, 0);
    const h = Math.min(b.y1, page.height) - Math.max(b.y0, 0);
    if (w < PICTURE.minWidthShare * page.width || h < PICTURE.minHeight) return false;
    const covered = page.items.filter((i) => inside(i, b)).reduce((n, i) => n + i.str.replace(/\s+/g, '').length, 0);
    return covered <= PICTURE.maxCoveredChars;
  });
}

/**
 * Reads the table pictures of a text page and merges their words and rules into it. Items keep their OCR
 * confidence; the page stays a text page, with `ocrPictures` counting the pictures read.
 */
export async function ocrPictures(proxy: PDFPageProxy, page: PageContent, pool: OcrPool, opts: { all?: boolean } = {}): Promise<PageContent> {
  const items: TextItem[] = [...page.items];
  const rules: Rule[] = [...page.rules];
  let read = 0;
  const confs: number[] = [];
  for (const box of pictureCandidates(page)) {
    const { img, dpi } = await pictureImage(proxy, box);
    const thr = inkThreshold(img);
    const bin = binarize(img, thr);
    // mostly paper: a table, a form, a page of text; a photograph or a logo is not
    let paper = 0;
    for (let i = 0; i < img.data.length; i++) if (img.data[i] > thr + 20) paper++;
    if (paper < PICTURE.minPaper * img.data.length) continue;
    const px = dpi / 72;
    const found = findRules(bin, { minLen: Math.round(18 * px), maxThick: Math.max(3, Math.round(2.5 * px)), gap: 2 });
    const across = found.filter((r) => r.y1 - r.y0 < r.x1 - r.x0).length;
    const down = found.length - across;
    // on a page of nothing but pictures each is read; among text, a ruled one or one under a table title
    if (!opts.all && !(across >= 2 && down >= 2) && !titledAbove(page, box)) continue;
    // points of the image → points of the page
    const sx = (box.x1 - box.x0) / (img.w / px);
    const sy = (box.y1 - box.y0) / (img.h / px);
    const got = await readImage(img, dpi, pool, { width: img.w / px, height: img.h / px });
    const at = <T extends Box>(b: T): T => ({ ...b, x0: box.x0 + b.x0 * sx, x1: box.x0 + b.x1 * sx, y0: box.y0 + b.y0 * sy, y1: box.y0 + b.y1 * sy });
    for (const it of got.items) {
      items.push({ ...at(it), size: it.size * sy });
      confs.push(it.conf ?? 0);
    }
    for (const r of got.rules) rules.push(at(r));
    read++;
  }
  if (!read) return page;
  const ocrConfidence = Math.round((confs.reduce((s, c) => s + c, 0) / Math.max(1, confs.length)) * 1000) / 1000;
  return { ...page, items, rules, ocrPictures: read, ...(confs.length ? { ocrConfidence } : {}) };
}
