/**
 * Where the OCR language data is read from: `--tessdata DIR`, then TESSDATA_PREFIX, then the system's
 * tessdata (Debian: tesseract-ocr-chi-sim). Never a download: missing data is an InputError saying how to
 * install it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../model/errors.js';

export const SYSTEM_TESSDATA = [
  '/usr/share/tesseract-ocr/5/tessdata',
  '/usr/share/tesseract-ocr/4.00/tessdata',
  '/usr/share/tessdata',
  '/usr/local/share/tessdata',
  '/usr/local/share/tesseract-ocr/5/tessdata',
  '/opt/homebrew/share/tessdata',
];

export interface LangData {
  /** directory holding the file */
  dir: string;
  /** the file is gzip-compressed (`.traineddata.gz`) */
  gzip: boolean;
}

export interface Tessdata {
  chi: LangData;
  /** English (LSTM), used for numeric cells when present: a smaller model that reads digits better */
  eng?: LangData;
}

function findLang(dir: string, lang: string): LangData | undefined {
  // TESSDATA_PREFIX may name the tessdata directory itself or its parent
  for (const d of [dir, path.join(dir, 'tessdata')]) {
    if (existsSync(path.join(d, `${lang}.traineddata`))) return { dir: d, gzip: false };
    if (existsSync(path.join(d, `${lang}.traineddata.gz`))) return { dir: d, gzip: true };
  }
  return undefined;
}

/** Candidate directories in order of precedence. */
export function tessdataCandidates(explicit?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit) return [path.resolve(explicit)];
  return [...(env.TESSDATA_PREFIX ? [path.resolve(env.TESSDATA_PREFIX)] : []), ...SYSTEM_TESSDATA];
}

/**
 * The language data to use. An explicit directory (`--tessdata`) is the only place looked at when given, so a
 * wrong path is reported rather than silently replaced by the system's data.
 */
export function resolveTessdata(file: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): Tessdata {
  const dirs = tessdataCandidates(explicit, env);
  for (const d of dirs) {
    const chi = findLang(d, 'chi_sim');
    if (!chi) continue;
    // English from the same directory only: mixing data versions is not worth the surprise
    const eng = findLang(chi.dir, 'eng');
    return { chi, ...(eng ? { eng } : {}) };
  }
  throw new InputError(
    file,
    'ocr_data_missing',
    `needs OCR but no Chinese OCR data (chi_sim.traineddata) was found in ${dirs.join(', ')}: ` +
      'install it with `apt-get install tesseract-ocr-chi-sim`, or pass --tessdata DIR (or set TESSDATA_PREFIX) ' +
      'to a directory holding chi_sim.traineddata',
  );
}
