/**
 * Printed numbers → values (facts.md "Values"): thousands separators removed, sign kept, `(12.30)` negative;
 * blank, dashes, `/` and 本表无数据 are no value.
 */
import { BLANK_CELL as BLANK } from '../domain/cells.js';

export interface ParsedNumber {
  value: number;
  percent: boolean;
}

export function isBlankCell(text: string): boolean {
  return BLANK.test(text.normalize('NFKC').replace(/\s+/g, '').replace(/[—–―-]+/g, (m) => (m.length > 1 ? '——' : m)));
}

export function parseNumber(text: string): ParsedNumber | null {
  let t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!t || BLANK.test(t) || /^[—–―-]+$/.test(t)) return null;
  let neg = false;
  if (/^\(.*\)$/.test(t)) {
    neg = true;
    t = t.slice(1, -1);
  }
  t = t.replace(/^[−–]/, '-');
  if (t.startsWith('-')) {
    neg = !neg;
    t = t.slice(1);
  }
  let percent = false;
  if (t.endsWith('%')) {
    percent = true;
    t = t.slice(0, -1);
  }
  // thousands separators: only where they group by three
  if (t.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return null;
    t = t.replace(/,/g, '');
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const v = Number(t);
  if (!Number.isFinite(v)) return null;
  return { value: neg ? -v : v === 0 ? 0 : v, percent };
}

/** Number of decimals as printed (for rounding tolerances). */
export function decimals(text: string): number {
  const m = text.replace(/,/g, '').match(/\.(\d+)/);
  return m ? m[1].length : 0;
}

/** v rounded to d decimals. */
export function round(v: number, d = 4): number {
  const p = 10 ** d;
  return Math.round(v * p) / p;
}
