/**
 * Reads the generated samples back and checks them against the layout they were drawn from:
 *  - pdf.js (legacy build) text: every truth fact's printed number is a text item of its page, and
 *    every string drawn on a page is recovered (CJK included) from that page's text;
 *  - no CJK compatibility/radical code points (U+2E80–U+2FDF, U+F900–U+FAFF) in pdf.js or
 *    pdftotext output;
 *  - pdftotext -layout: every fact's number appears on its page;
 *  - rulings: the bordered PDF strokes lines on table pages, the borderless one does not;
 *  - the workbook: one number cell per table fact;
 *  - samples/variants: every truth fact's printed number is a pdf.js text item of its page.
 *
 *   npx tsx scripts/samples/verify-samples.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { VARIANTS } from './lib/variants.js';
import { build, FILES, OUT_DIR } from './make-samples.js';

const BAD_CP = /[\u2E80-\u2FDF\uF900-\uFAFF]/gu;
const strip = (s: string): string => s.replace(/\s+/gu, '');

let problems = 0;
const fail = (msg: string): void => {
  problems++;
  if (problems <= 40) console.log(`  FAIL ${msg}`);
};

interface TruthFile {
  facts: { table: string; row: string; column: string; page?: number; printed: string }[];
}

async function pdfPages(file: string): Promise<{ items: string[][]; strokes: number[] }> {
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await pdfjs.getDocument({ data, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const items: string[][] = [];
  const strokes: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const tc = await page.getTextContent();
    items.push(tc.items.map((it) => ('str' in it ? it.str : '')));
    const ops = await page.getOperatorList();
    strokes.push(ops.fnArray.filter((fn) => fn === pdfjs.OPS.stroke || fn === pdfjs.OPS.constructPath).length);
  }
  await doc.destroy();
  return { items, strokes };
}

function pdftotextPages(file: string): string[] {
  const out = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\f');
}

async function main(): Promise<void> {
  const built = await build();
  // the files on disk must be what the generator produces now
  for (const [name, buf] of Object.entries(built.files)) {
    const onDisk = fs.readFileSync(path.join(OUT_DIR, name));
    if (!onDisk.equals(buf)) fail(`samples/${name} differs from a fresh build (run npm run samples)`);
  }
  const tablePages = new Set(built.layout.tables.flatMap((t) => t.pages));

  for (const [pdfName, truthName, bordered] of [
    [FILES.pdf, FILES.truth, true],
    [FILES.borderless, FILES.borderlessTruth, false],
  ] as const) {
    const file = path.join(OUT_DIR, pdfName);
    console.log(`${pdfName}:`);
    const { items, strokes } = await pdfPages(file);
    const truth = JSON.parse(fs.readFileSync(path.join(OUT_DIR, truthName), 'utf8')) as TruthFile;
    if (items.length !== built.layout.pages.length) fail(`${pdfName}: ${items.length} pages, layout has ${built.layout.pages.length}`);

    let factsOk = 0;
    for (const f of truth.facts) {
      const page = items[(f.page ?? 0) - 1] ?? [];
      if (page.some((s) => s.trim() === f.printed)) factsOk++;
      else fail(`${pdfName} p${f.page}: fact ${f.table}/${f.row}/${f.column} "${f.printed}" is not a pdf.js text item`);
    }
    console.log(`  pdf.js: ${factsOk}/${truth.facts.length} facts found as text items on their page`);

    let drawn = 0;
    let missing = 0;
    built.layout.pages.forEach((p, i) => {
      const text = strip(items[i].join(''));
      for (const op of p.ops) {
        if (op.kind !== 'text') continue;
        drawn++;
        if (!text.includes(strip(op.text))) {
          missing++;
          fail(`${pdfName} p${i + 1}: drawn text "${op.text}" not recovered by pdf.js`);
        }
      }
    });
    console.log(`  pdf.js: ${drawn - missing}/${drawn} drawn strings recovered`);

    const all = items.flat().join('');
    const bad = all.match(BAD_CP) ?? [];
    if (bad.length) fail(`${pdfName}: pdf.js text has compatibility/radical code points: ${[...new Set(bad)].join(' ')}`);
    const layoutText = pdftotextPages(file);
    const badPt = layoutText.join('').match(BAD_CP) ?? [];
    if (badPt.length) fail(`${pdfName}: pdftotext has compatibility/radical code points: ${[...new Set(badPt)].join(' ')}`);
    console.log(`  compatibility/radical code points: pdf.js ${bad.length}, pdftotext ${badPt.length}`);

    let ptOk = 0;
    for (const f of truth.facts) {
      const page = layoutText[(f.page ?? 0) - 1] ?? '';
      if (new RegExp(`(^|[^\\d.])${f.printed.replace(/\./gu, '\\.')}($|[^\\d.])`, 'mu').test(page)) ptOk++;
      else fail(`${pdfName} p${f.page}: pdftotext page lacks "${f.printed}" (${f.table}/${f.row}/${f.column})`);
    }
    console.log(`  pdftotext -layout: ${ptOk}/${truth.facts.length} facts found on their page`);

    const ruledTablePages = [...tablePages].filter((p) => strokes[p - 1] > 0).length;
    if (bordered && ruledTablePages !== tablePages.size) fail(`${pdfName}: ${tablePages.size - ruledTablePages} table pages without rulings`);
    if (!bordered && ruledTablePages !== 0) fail(`${pdfName}: ${ruledTablePages} table pages still have rulings`);
    console.log(`  table pages with stroked lines: ${ruledTablePages}/${tablePages.size}`);
  }

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(OUT_DIR, FILES.xlsx));
  const xTruth = JSON.parse(fs.readFileSync(path.join(OUT_DIR, FILES.xlsxTruth), 'utf8')) as TruthFile;
  console.log(`${FILES.xlsx}:`);
  for (const t of built.layout.tables) {
    const ws = wb.getWorksheet(t.label);
    if (!ws) {
      fail(`${FILES.xlsx}: no sheet ${t.label}`);
      continue;
    }
    let numbers = 0;
    ws.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'number' && numbers++)));
    const expected = xTruth.facts.filter((f) => f.table === t.kind).length;
    if (numbers !== expected) fail(`${FILES.xlsx} ${t.label}: ${numbers} number cells, truth has ${expected} facts`);
  }
  console.log(`  sheets: ${wb.worksheets.map((w) => w.name).join(' ')}`);

  for (const v of VARIANTS) {
    const { items } = await pdfPages(path.join(OUT_DIR, 'variants', `${v.name}.pdf`));
    const truth = JSON.parse(fs.readFileSync(path.join(OUT_DIR, 'variants', `${v.name}.truth.json`), 'utf8')) as TruthFile;
    let ok = 0;
    for (const f of truth.facts) {
      // pdf.js may join a right-aligned number with the text that starts just after it in the next cell
      if ((items[(f.page ?? 0) - 1] ?? []).some((s) => s.trim().split(/\s+/u).includes(f.printed))) ok++;
      else fail(`variants/${v.name}.pdf p${f.page}: fact ${f.table}/${f.row}/${f.column} "${f.printed}" is not in a pdf.js text item`);
    }
    console.log(`variants/${v.name}.pdf: ${items.length} pages, ${ok}/${truth.facts.length} facts found in text items of their page`);
  }

  console.log(problems ? `${problems} problem(s)` : 'all checks passed');
  process.exit(problems ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
