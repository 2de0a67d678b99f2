/**
 * What counts as a printed amount when a table's text is checked against its facts (tables[].quality): a number
 * with a decimal point or with thousands separators. Bare integers are not counted: they may be codes, 行次 or
 * years. A decimal part that a narrow cell wrapped onto the next line (`14,770` over `.62`) belongs to the number
 * above it. The same idea as ../shared/spec/coverage.py, so both count the same tokens.
 */
import { SETTINGS } from '../model/settings.js';

/** An amount's digits: grouped by thousands (optionally with decimals), or with a decimal point. */
const GROUPED = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?`;
const DECIMAL = String.raw`\d+\.\d+`;

/** An amount token in running text (not inside a longer number). */
export const AMOUNT_TOKEN = new RegExp(String.raw`(?<![\d.,])-?(?:${GROUPED}(?![\d,])|${DECIMAL}(?![\d.]))`, 'g');

/** A table cell that is an amount (spaces removed): signed, or negative in brackets, or a percentage. */
export const AMOUNT_CELL = new RegExp(String.raw`^[-(]?(?:${GROUPED}|${DECIMAL})\)?%?$`);

/**
 * An amount of two decimals (or the dash of an empty cell) and the classification code of the next cell printed as
 * one run (`6581.15302`, `6581.15 302`, `—— 31022`) — a table without rulings or cell padding leaves no gap between
 * a right-aligned amount and the code beside it.
 */
export const AMOUNT_BEFORE_CODE = /^((?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}|[—－-]{1,2})\s?([235]\d{2}(?:\d{2}){0,2}(?!\d)(?:\s*[\u4e00-\u9fff][^]*)?)$/u;

/** A decimal part printed alone (wrapped from the line above). */
export const AMOUNT_FRAGMENT = /(?<![\d.,])\.\d{1,4}(?![\d.])/g;

/** The value of an amount token (separators removed), rounded as tokens and facts are compared. */
export function amountValue(text: string): number | null {
  const v = Number(text.replace(/[,，%\s]/g, ''));
  return Number.isFinite(v) && /\d/.test(text) ? Math.round(v * 1e6) / 1e6 : null;
}

/** A page that prints a table, whatever the reader made of it (src/model/settings.ts tablePage). */
export const TABLE_PAGE = SETTINGS.tablePage;

/** A printed number of a table row: an amount, a bare integer, a percentage (the second of a pair of amounts). */
export const NUMBER_WORD = /^[-(]?\d[\d,]*(?:\.\d+)?\)?%?$/;
