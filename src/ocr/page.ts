/**
 * One page through OCR: render → grey → deskew → binarise → ruling lines → the cells they frame (rules alone,
 * src/model/ruling.ts) and text lines outside them → each region read in its mode → TextItems in PDF points (origin
 * top-left of the deskewed page) with confidences, plus the rules, so layout and tables work on a scan
 * exactly as on a text PDF.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { PageContent, Rule, TextItem } from '../model/page.js';
import { ruledCells } from '../model/ruling.js';
import { binarize, dropGreyStamp, enhance, flatten, inkThreshold, measureSkew, otsu, renderPage, resize, scannedImage, rotate, type Binary, type Grey, type PxBox } from './image.js';
import { dropPrintStrokes, findRules, followRules, trimOverhangs } from './rules.js';
import { cutout, darkCore, inkBox, leadingStrokes, numberShape, respace, textLines, type NumberShape } from './regions.js';
import type { OcrLine, OcrPool, ReadMode } from './engine.js';
import { fixMisreadings } from '../domain/ocr.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances (src/model/settings.ts). */
const {
  pad: PAD,
  darkCore: DARK_CORE,
} = SETTINGS.ocrPage;

export interface PageOcrOptions {
  /** render resolution (default 200) */
  dpi?: number;
}


/** Confidences of the reader: below `noise`, a number's reading that fits none of its glyphs is not kept. */
export const READING = { noise: 0.1 };

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/;

/** Words of one OCR line joined as printed: no space next to a Chinese character or inside a number. */
export function joinWords(words: string[]): string {
  let out = '';
  for (const w of words) {
    const t = w.trim();
    if (!t) continue;
    if (out) {
      const a = out[out.length - 1];
      const b = t[0];
      const tight = CJK.test(a) || CJK.test(b) || (/[\d.,]/.test(a) && /[\d.,%]/.test(b));
      if (!tight) out += ' ';
    }
    out += t;
  }
  return out;
}

/** The text of a numeric reading: spaces dropped (recognisers put them after marks). */
function numberText(lines: OcrLine[]): { text: string; conf: number } {
  const words = lines.flatMap((l) => l.words);
  return {
    text: words.map((w) => w.text).join('').replace(/\s+/g, ''),
    conf: words.length ? Math.min(...words.map((w) => w.conf)) : 0,
  };
}

function fits(text: string, shape: NumberShape): boolean {
  if (!NUMBER.test(text)) return false;
  const digits = (text.match(/\d/g) ?? []).length;
  const marks = (text.match(/[.,\-]/g) ?? []).length;
  return digits === shape.digits && marks === shape.marks;
}

interface Region {
  box: PxBox;
  /** where the margin around the box may show the page (the cell's inside) */
  clip: PxBox;
  mode: ReadMode;
  shape?: NumberShape;
}

interface Read {
  region: Region;
  items: TextItem[];
}

export async function ocrPageImage(proxy: PDFPageProxy, page: PageContent, pool: OcrPool, opts: PageOcrOptions = {}): Promise<PageContent> {
  const vp = proxy.getViewport({ scale: 1 });
  // a scanner's page is its image, read at its own resolution; anything else is rendered
  const scanned = opts.dpi ? null : await scannedImage(proxy);
  const dpi = scanned?.dpi ?? opts.dpi ?? 200;
  const grey0 = scanned?.img ?? (await renderPage(proxy, dpi));
  // a page that draws its rules as vectors is not a scan: no skew to remove, and its rules are exact
  const { items, rules, skew } = await readImage(grey0, dpi, pool, { width: vp.width, height: vp.height, rules: page.rules.length ? page.rules : undefined });
  const confs = items.map((i) => i.conf ?? 0);
  return {
    page: page.page,
    width: vp.width,
    height: vp.height,
    items,
    rules,
    source: 'ocr',
    // the angle the image was turned by before reading: its boxes are in the turned frame (the review page turns
    // the image the same way)
    ...(Math.abs(skew) >= 0.05 ? { skew } : {}),
    ...(confs.length ? { ocrConfidence: Math.round((confs.reduce((s, c) => s + c, 0) / confs.length) * 1000) / 1000 } : {}),
  };
}

/**
 * The image the reader works on: lighting evened out, skew measured and removed (not for a page whose rules
 * are vectors: it is not a scan), and its binarisation. Deterministic, so a second reading of a cell finds it
 * where the first did.
 */
export function prepare(grey1: Grey, vectorRules: boolean, dpi: number, knownSkew?: number, keepStamp = false): { grey: Grey; bin: Binary; thr: number; skew: number } {
  // a scan's uneven lighting evened out first (a rendered page is lit evenly), then a stamp scanned in grey taken
  // out (in colour it went with its colour)
  const even = vectorRules ? grey1 : flatten(grey1);
  const grey0 = vectorRules || keepStamp ? even : dropGreyStamp(even, dpi);
  const thr = inkThreshold(grey0);
  const bin0 = binarize(grey0, thr);
  const skew = knownSkew ?? (vectorRules ? 0 : measureSkew(bin0));
  const turned = Math.abs(skew) >= 0.05;
  const grey = turned ? rotate(grey0, skew) : grey0;
  const bin = turned ? binarize(grey, thr) : bin0;
  return { grey, bin, thr, skew };
}

/**
 * The working image of a page read whole by OCR (as ocrPageImage read it), for a second reading of its cells;
 * and, for a scan in colour, the same page with its colour kept (plain luminance, turned by the same angle, its
 * seal left in).
 */
export async function pageWorkImage(proxy: PDFPageProxy, vectorRules: boolean): Promise<{ grey: Grey; bin: Binary; thr: number; dpi: number; plain?: Grey }> {
  const scanned = await scannedImage(proxy);
  const dpi = scanned?.dpi ?? 200;
  const grey0 = scanned?.img ?? (await renderPage(proxy, dpi));
  const work = prepare(grey0, vectorRules, dpi);
  const kept = scanned ? await scannedImage(proxy, { keepColour: true }) : null;
  const plain = kept && kept.img.data.some((v, i) => v !== grey0.data[i]) ? prepare(kept.img, vectorRules, dpi, work.skew, true).grey : undefined;
  return { ...work, dpi, ...(plain ? { plain } : {}) };
}

export interface ImageReadOptions {
  /** the image's size in points */
  width: number;
  height: number;
  /** exact ruling lines (vector rules of the page), in points: no deskew, no rule detection */
  rules?: Rule[];
}

/**
 * Reads one image (a page, or a picture on a page) at `dpi`: deskew, binarise, ruling lines, the cells they
 * frame and the text lines outside them, each region read in its mode. Items and rules are in points
 * from the image's top-left corner.
 */
export async function readImage(grey1: Grey, dpi: number, pool: OcrPool, opts: ImageReadOptions): Promise<{ items: TextItem[]; rules: Rule[]; skew: number }> {
  const px = dpi / 72;
  const { grey, bin, thr, skew } = prepare(grey1, !!opts.rules, dpi);

  let rules: Rule[];
  let thick = 2;
  if (opts.rules) rules = opts.rules;
  else {
    // rules broken or faint in places (soft optics, a seal taken out) are followed through the breaks
    const minLen = Math.round(18 * px);
    const followed = followRules(bin, findRules(bin, { minLen, maxThick: Math.max(3, Math.round(2.5 * px)), gap: 2 }), 4 * minLen);
    // then the strokes of print taken for rules dropped, and rules followed past the frame cut back to it
    const short = Math.round(2.5 * minLen);
    const reach = Math.round(3 * px);
    const found = trimOverhangs(dropPrintStrokes(followed, short, reach), short, reach);
    rules = found.map((r) => ({ x0: r.x0 / px, y0: r.y0 / px, x1: r.x1 / px, y1: r.y1 / px }));
    if (found.length) thick = Math.max(...found.map((r) => r.thick));
  }
  // ink the reader is given must have a dark core (print), not only light ink (a seal's remnant, speckle)
  const core = otsu(grey);
  const printed = (box: PxBox) => {
    const ok = darkCore(grey, box, core, DARK_CORE.pixels);
    if (process.env.DBG && !ok) console.error('DBG no core', box, core);
    return ok;
  };
  // the ruled cells from the rules alone (the tables stage builds the grids, with the words, from the same rules)
  const frames = ruledCells(rules);
  // regions: the ink inside each cell, then the text lines outside the tables
  const boxes: { box: PxBox; clip: PxBox }[] = [];
  const inset = thick + 2;
  for (const f of frames) {
    for (const c of f.cells) {
      const clip = { x0: c.x0 * px + inset, y0: c.y0 * px + inset, x1: c.x1 * px - inset, y1: c.y1 * px - inset };
      const box = inkBox(bin, clip);
      if (box && printed(box)) boxes.push({ box, clip });
    }
  }
  const tables = frames.map((g) => ({ x0: g.box.x0 * px - inset, y0: g.box.y0 * px - inset, x1: g.box.x1 * px + inset, y1: g.box.y1 * px + inset }));
  for (const box of textLines(bin, tables, { minHeight: Math.max(4, Math.round(1.5 * px)), gapFactor: 1.5 })) {
    if (!printed(box)) continue;
    boxes.push({ box, clip: { x0: box.x0 - PAD, y0: box.y0 - 2, x1: box.x1 + PAD, y1: box.y1 + 2 } });
  }

  const heights = boxes.map((b) => b.box.y1 - b.box.y0).sort((a, b) => a - b);
  const lineH = heights.length ? heights[Math.floor(heights.length / 2)] : 10 * px;
  const regions: Region[] = boxes.map(({ box, clip }) => {
    const h = box.y1 - box.y0;
    if (h > 1.6 * lineH) return { box, clip, mode: 'block' };
    const shape = numberShape(bin, box);
    return shape ? { box, clip, mode: 'digits', shape } : { box, clip, mode: 'line' };
  });

  const look = enhance(grey, thr);
  const reads = await Promise.all(regions.map((r) => readRegion(r, look, bin, pool, dpi, px)));
  const items = reads.flatMap((r) => r.items);
  return { items, rules, skew };
}

async function readRegion(region: Region, grey: Grey, bin: Binary, pool: OcrPool, dpi: number, px: number): Promise<Read> {
  const { box } = region;
  const toPt = (b: PxBox) => ({ x0: b.x0 / px, y0: b.y0 / px, x1: b.x1 / px, y1: b.y1 / px });
  if (region.mode === 'digits' && region.shape) {
    const pick = await readNumber(region, region.shape, grey, bin, pool, dpi);
    if (!pick.text) return { region, items: [] };
    const b = toPt(box);
    return { region, items: [{ str: pick.text, ...b, size: (b.y1 - b.y0) / 0.72, conf: pick.conf }] };
  }
  const img = cutout(grey, box, PAD, region.clip);
  // (words are kept whatever their confidence: real words of a pasted picture come with almost none; speckle
  // and a seal's remnant are kept from the reader by their lack of a dark core)
  const lines = await percentOpinions(await pool.read(img, region.mode, dpi), region, grey, bin, pool, dpi);
  const items: TextItem[] = [];
  lines.forEach((line, li) => {
    let l = line;
    // an ordinal heading read as a dash or colon (-、 :、): the strokes of the first glyph say which numeral
    const ORD = /^([^\u4e00-\u9fff\s]?|[一二三上土士工])[、,，]/;
    const m = li === 0 ? joinWords(l.words.map((w) => w.text)).match(ORD) : null;
    if (m) {
      const k = leadingStrokes(bin, { x0: box.x0 - PAD + l.x0, y0: box.y0 - PAD + l.y0, x1: box.x0 - PAD + l.x1, y1: box.y0 - PAD + l.y1 });
      if (k) {
        // drop the prefix as read, across words, and put the numeral in front of what is left
        let n = [...m[0]].length;
        const words = l.words.map((w) => ({ ...w }));
        for (const w of words) {
          const chars = [...w.text.trim()];
          const take = Math.min(n, chars.length);
          w.text = chars.slice(take).join('');
          n -= take;
          if (!n) break;
        }
        const keep = words.filter((w, i) => w.text || i === 0);
        keep[0] = { ...keep[0], text: '一二三'[k - 1] + '、' + keep[0].text, x0: l.words[0].x0 };
        l = { ...l, words: keep };
      }
    }
    // an enumeration comma cannot start a line: one read there with nothing before it is a speck (a seal's
    // remnant beside a 社会保障和就业支出), not print
    if (/^[、，]/.test(l.words[0]?.text ?? '') && !leadingStrokes(bin, { x0: box.x0 - PAD + l.x0, y0: box.y0 - PAD + l.y0, x1: box.x0 - PAD + l.x1, y1: box.y0 - PAD + l.y1 })) {
      const words = l.words.map((w, i) => (i === 0 ? { ...w, text: w.text.replace(/^[、，]+/, '') } : w)).filter((w) => w.text.trim());
      if (!words.length) return;
      l = { ...l, words };
    }
    // a wide gap between words separates pieces (columns of a table printed without rules)
    const h = Math.max(1, l.y1 - l.y0);
    let piece: typeof l.words = [];
    const flush = () => {
      if (!piece.length) return;
      const str = fixMisreadings(joinWords(piece.map((w) => w.text)));
      const b = toPt({
        x0: box.x0 - PAD + Math.min(...piece.map((w) => w.x0)),
        y0: box.y0 - PAD + Math.min(...piece.map((w) => w.y0)),
        x1: box.x0 - PAD + Math.max(...piece.map((w) => w.x1)),
        y1: box.y0 - PAD + Math.max(...piece.map((w) => w.y1)),
      });
      const size = (b.y1 - b.y0) / (CJK.test(str) ? 0.9 : 0.72);
      items.push({ str, ...b, size, conf: Math.min(...piece.map((w) => w.conf)) });
      piece = [];
    };
    for (const w of l.words) {
      const prev = piece[piece.length - 1];
      if (prev && w.x0 - prev.x1 > 1.5 * h) flush();
      piece.push(w);
    }
    flush();
  });
  return { region, items };
}

/**
 * A percentage cell has no number shape (its % is no digit), so the Chinese model reads it, and that model
 * takes a soft % for 9% (94.47% read as 94.479%, which a 执行率 identity with a whole-number budget still
 * accepts). The digits model, whose alphabet has the %, reads it too; where the two differ, the digits model on
 * the cell enlarged is the third reading, and a reading two of the three agree on is kept. Each reading is the
 * engine's; with no two agreeing, the first stays.
 */
async function percentOpinions(lines: OcrLine[], region: Region, grey: Grey, bin: Binary, pool: OcrPool, dpi: number): Promise<OcrLine[]> {
  if (region.mode !== 'line' || lines.length !== 1 || !lines[0].words.length) return lines;
  const first = numberText(lines);
  if (!NUMBER.test(first.text) || !first.text.endsWith('%')) return lines;
  const digits = numberText(await pool.read(respace(grey, bin, region.box, PAD), 'digits', dpi));
  if (digits.text === first.text || !NUMBER.test(digits.text) || !digits.text.endsWith('%')) return lines;
  const big = numberText(await pool.read(resize(cutout(grey, region.box, PAD, region.clip), 2), 'digits', dpi * 2));
  if (big.text !== digits.text) return lines;
  const [line] = lines;
  const word = { text: digits.text, conf: Math.min(digits.conf, big.conf), x0: line.words[0].x0, y0: Math.min(...line.words.map((w) => w.y0)), x1: line.words[line.words.length - 1].x1, y1: Math.max(...line.words.map((w) => w.y1)) };
  return [{ ...line, words: [word] }];
}

/** A reading's digits laid onto the glyphs the image shows, the marks taken from their shape and place. */
function onGlyphs(digits: string, shape: NumberShape): string | null {
  if (digits.length !== shape.digits) return null;
  let k = 0;
  return shape.glyphs.map((g) => (g.kind === 'digit' ? digits[k++] : g.kind)).join('');
}

/**
 * A numeric cell: the digits model on the re-spaced glyphs; where its reading does not fit the glyphs (a
 * point dropped, a digit split), the digit groups between the marks are read one by one; where that fails
 * too, the Chinese model gives a second opinion. A reading that fits nothing is kept as read, with a low
 * confidence — the value is never made up from the table's sums.
 */
async function readNumber(region: Region, shape: NumberShape, grey: Grey, bin: Binary, pool: OcrPool, dpi: number): Promise<{ text: string; conf: number }> {
  const { box } = region;
  const first = numberText(await pool.read(respace(grey, bin, box, PAD), 'digits', dpi));
  if (fits(first.text, shape)) return first;
  // the digits are all there but a mark was missed or misread: the marks the glyphs show
  const laid = onGlyphs(first.text.replace(/\D/g, ''), shape);
  if (laid && NUMBER.test(laid)) return { text: laid, conf: Math.min(first.conf, 0.85) };
  // digit groups between marks, one image each
  const digitGroups: { x0: number; x1: number; n: number }[] = [];
  let open: { x0: number; x1: number; n: number } | undefined;
  for (const g of shape.glyphs) {
    if (g.kind !== 'digit') open = undefined;
    else if (open) {
      open.x1 = g.x1;
      open.n++;
    } else digitGroups.push((open = { x0: g.x0, x1: g.x1, n: 1 }));
  }
  if (digitGroups.length > 1) {
    const reads = await Promise.all(
      digitGroups.map(async (g) => {
        const img = cutout(grey, { x0: g.x0, y0: box.y0, x1: g.x1, y1: box.y1 }, PAD, { x0: g.x0 - 1, y0: region.clip.y0, x1: g.x1 + 1, y1: region.clip.y1 });
        return numberText(await pool.read(img, 'digits', dpi));
      }),
    );
    const joined = reads.map((r) => r.text.replace(/\D/g, '')).join('');
    if (reads.every((r, i) => r.text.replace(/\D/g, '').length === digitGroups[i].n)) {
      const text = onGlyphs(joined, shape);
      if (text && NUMBER.test(text)) return { text, conf: Math.min(0.85, ...reads.map((r) => r.conf)) };
    }
  }
  // a second opinion from the Chinese model on the image as printed
  const second = numberText(await pool.read(cutout(grey, box, PAD, region.clip), 'line', dpi));
  const secondText = second.text.replace(/[:：]/g, '.');
  if (fits(secondText, shape)) return { ...second, text: secondText };
  if (CJK.test(second.text)) return second.conf >= READING.noise ? second : { text: '', conf: 0 }; // not a number after all
  // a reading that fits nothing and that the engine itself gives no confidence is not print (what is left of a
  // seal's ring, speckle): the cell stays unread — an identity that needs it reports the gap, and the second
  // opinion reads it again — rather than a number the page does not show
  const kept = !first.text && second.text ? second : first;
  if (kept.conf < READING.noise) return { text: '', conf: 0 };
  return { text: kept.text, conf: Math.min(kept.conf, 0.5) };
}
