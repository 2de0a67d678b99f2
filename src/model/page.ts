/**
 * What the source stages hand to layout: per page, positioned text runs and ruling lines, in PDF points with
 * the origin at the top-left of the (rotated) page. OCR produces the same shape, so every later stage works
 * the same on text-layer and scanned pages. A workbook's sheet is a page too: its prose rows are runs and its
 * tables come ready-made as grids, which the tables stage passes through.
 */
import type { Grid } from './grid.js';
export interface TextItem {
  str: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** glyph height in points */
  size: number;
  /** 0–1 for OCR words; absent for the text layer */
  conf?: number;
}

/** A rectangle in points, origin top-left of the page. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A horizontal or vertical ruling segment. */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PageContent {
  /** 1-based page number */
  page: number;
  width: number;
  height: number;
  items: TextItem[];
  rules: Rule[];
  source: 'text' | 'ocr' | 'sheet' | 'blank';
  /** fraction of the page covered by images (0–1), where the page paints any */
  imageCover?: number;
  /** where the page paints its larger images (points): pictures the OCR stage may read */
  images?: Box[];
  /** share of the text layer's characters that were CJK radicals before they were read as ideographs */
  radicalShare?: number;
  ocrConfidence?: number;
  /** degrees added to the page's own rotation so its text reads left to right (its boxes are in that frame) */
  turn?: number;
  /** degrees the OCR stage turned the page image by before reading it (its boxes are in the turned frame) */
  skew?: number;
  /** what was left out of the page or went wrong on it, one line each ("page 3: …") */
  warnings?: string[];
  /** pictures on the page read by OCR (a text page with tables pasted as pictures) */
  ocrPictures?: number;
  /** a sheet's tables, as the workbook lays them out (the tables stage builds no other grid on such a page) */
  grids?: Grid[];
  /** a sheet's tab name as a run above its first row: the title of a sheet whose rows name no table */
  tabName?: TextItem;
}

/** What a source stage opens: a document's pages, read one at a time (a PDF's, or a workbook's sheets). */
export interface PageSource {
  numPages: number;
  /** Reads one page (1-based). With keepImages, a page keeps its decoded images for the OCR stage. */
  page(n: number, opts?: { keepImages?: boolean }): Promise<PageContent>;
  close(): Promise<void>;
  /** what the document as a whole is read without (a font program over a limit, left out) */
  warnings?: string[];
}

export function isHorizontal(r: Rule): boolean {
  return Math.abs(r.y1 - r.y0) <= Math.abs(r.x1 - r.x0);
}
