/**
 * The layout-variant matrix: the seed's tables printed by Chromium, LibreOffice Calc and LibreOffice Writer (the
 * same HTML page through a DOCX, as a word processor prints it) in each layout of MATRIX (one axis changed from the
 * base, then seeded random combinations of all axes), each extracted by a
 * build of the project and measured with ../shared/spec/score.py (against the truth written beside the PDF) and
 * ../shared/spec/coverage.py (coverage_all: every amount token pdftotext prints on a table page is a fact).
 *
 *   node --import tsx scripts/variants/matrix.ts OUT_DIR [--repo DIR] [--seed N] [--random N] [--writer-random N] [--only a,b] [--no-render]
 *
 * --repo: the checkout whose bin/yjsgk.js extracts (default: this one), so two builds can be compared on the same
 * PDFs (render once, then --no-render --repo OTHER). Prints one line per layout and the totals; writes
 * OUT_DIR/matrix.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, type Layout, renderLayout } from './layouts.js';
import { random } from '../scan/simulate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.resolve(here, '../../../shared/spec');

const one = (name: string, more: Partial<Layout>): Layout => ({ ...BASE, name, ...more });

/** One axis changed from the base, for each producer. */
function axes(): Layout[] {
  const out: Layout[] = [];
  for (const [p, producer] of [
    ['c', 'chromium'],
    ['k', 'calc'],
    ['w', 'writer'],
  ] as const) {
    const at = (name: string, more: Partial<Layout>): Layout => one(`${p}-${name}`, { producer, ...more });
    out.push(
      at('all', {}),
      at('none', { rules: 'none' }),
      at('outer', { rules: 'outer' }),
      at('hrules', { rules: 'hrules' }),
      at('vrules', { rules: 'vrules' }),
      at('header', { rules: 'header' }),
      at('narrow', { narrow: 0.45 }),
      at('font8', { fontSize: 8 }),
      at('font12', { fontSize: 12 }),
      at('landscape', { orientation: 'landscape' }),
      at('portrait', { orientation: 'portrait' }),
      at('split-repeat', { tall: 6, repeatHeader: true }),
      at('split-norepeat', { tall: 6, repeatHeader: false }),
      at('yuan', { unit: 'yuan' }),
      at('dash', { empty: 'dash' }),
      at('zero', { empty: 'zero' }),
      at('three', { codes: 'three' }),
    );
    // a sheet wider than the page printed at 100 %: its right-hand columns on pages of their own, after all the
    // left-hand pages (Calc's default order), after each, and with no header rows repeated
    if (producer === 'calc') out.push(at('nofit', { fit: false }), at('nofit-over', { fit: false, pageOrder: 'over' }), at('nofit-norepeat', { fit: false, tall: 6, repeatHeader: false }));
  }
  return out;
}

/**
 * Seeded mixes for LibreOffice Writer (HTML → DOCX → PDF): a word processor's axes only (its pages are scaled by no
 * fit; a table wider than the page is squeezed into it). A stream of its own, so the Chromium / Calc mixes keep
 * their names and layouts.
 */
function writerCombos(seed: number, n: number): Layout[] {
  const r = random(seed * 1000 + 23);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: n }, (_, i) => ({
    name: `w-r${seed}-${i + 1}`,
    producer: 'writer' as const,
    rules: pick(['all', 'none', 'outer', 'hrules', 'vrules', 'header'] as const),
    fontSize: pick([8, 9, 10, 11, 12]),
    narrow: pick([1, 1, 0.7, 0.5]),
    orientation: pick(['auto', 'auto', 'landscape'] as const),
    fit: true,
    tall: pick([0, 0, 3, 6]),
    repeatHeader: pick([true, false]),
    unit: pick(['wan', 'yuan'] as const),
    empty: pick(['blank', 'dash', 'zero'] as const),
    codes: pick(['one', 'three'] as const),
  }));
}

function combos(seed: number, n: number): Layout[] {
  // (seeded: a matrix is the same on every machine)
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const producer = pick(['chromium', 'calc'] as const);
    return {
      name: `r${seed}-${i + 1}-${producer === 'chromium' ? 'c' : 'k'}`,
      producer,
      rules: pick(['all', 'none', 'outer', 'hrules', 'header'] as const),
      fontSize: pick([8, 9, 10, 11, 12]),
      narrow: pick([1, 1, 0.7, 0.5]),
      orientation: pick(['auto', 'auto', 'portrait', 'landscape'] as const),
      fit: producer === 'calc' ? pick([true, true, false]) : true,
      tall: pick([0, 0, 3, 6]),
      repeatHeader: pick([true, false]),
      unit: pick(['wan', 'yuan'] as const),
      empty: pick(['blank', 'dash', 'zero'] as const),
      codes: pick(['one', 'three'] as const),
    };
  });
}

export function matrix(seed = 9, random = 12, writerRandom = 6): Layout[] {
  return [...axes(), ...combos(seed, random), ...writerCombos(seed, writerRandom)];
}

interface Row {
  name: string;
  recall: number;
  precision: number;
  tables: number;
  coverage: number;
  tokens: number;
  error?: string;
}

function measure(repo: string, dir: string, l: Layout): Row {
  const pdf = path.join(dir, `${l.name}.pdf`);
  const outDir = path.join(dir, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, `${l.name}.json`);
  try {
    execFileSync('node', [path.join(repo, 'bin/yjsgk.js'), 'extract', pdf, '--out', outDir, '--format', 'json', '-q', '--ocr', 'never'], { stdio: 'pipe', timeout: 600_000 });
  } catch {
    // a non-zero exit (validation errors) still writes the JSON
  }
  if (!fs.existsSync(json)) return { name: l.name, recall: 0, precision: 0, tables: 0, coverage: 0, tokens: 0, error: 'no output' };
  const s = JSON.parse(execFileSync('python3', [path.join(SPEC, 'score.py'), json, path.join(dir, `${l.name}.truth.json`), '--json'], { encoding: 'utf8' })) as Record<string, number>;
  const c = JSON.parse(execFileSync('python3', [path.join(SPEC, 'coverage.py'), json, pdf], { encoding: 'utf8' })) as Record<string, number>;
  return { name: l.name, recall: s.recall, precision: s.precision, tables: s.table_recall, coverage: c.coverage_all, tokens: c.total };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (k: string): string | undefined => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = args[0];
  if (!dir || dir.startsWith('--')) throw new Error('usage: matrix.ts OUT_DIR [--repo DIR] [--seed N] [--random N] [--writer-random N] [--only a,b] [--no-render]');
  const repo = path.resolve(opt('--repo') ?? path.resolve(here, '../..'));
  const only = opt('--only')?.split(',');
  const layouts = matrix(Number(opt('--seed') ?? 9), Number(opt('--random') ?? 12), Number(opt('--writer-random') ?? 6)).filter((l) => !only || only.some((o) => l.name.startsWith(o)));
  const rows: Row[] = [];
  for (const l of layouts) {
    if (!args.includes('--no-render')) await renderLayout(l, dir);
    const row = measure(repo, dir, l);
    rows.push(row);
    const f = (x: number): string => x.toFixed(3);
    console.log(`${l.name.padEnd(22)} recall ${f(row.recall)} precision ${f(row.precision)} tables ${f(row.tables)} coverage_all ${f(row.coverage)} (${row.tokens})${row.error ? ` ${row.error}` : ''}`);
  }
  const mean = (k: 'recall' | 'precision' | 'coverage'): string => (rows.reduce((a, r) => a + r[k], 0) / rows.length).toFixed(4);
  const min = (k: 'recall' | 'precision' | 'coverage'): string => Math.min(...rows.map((r) => r[k])).toFixed(4);
  const ok = rows.filter((r) => r.recall >= 0.995 && r.precision >= 0.995 && r.coverage >= 0.995).length;
  console.log(`${rows.length} layouts: ${ok} at ≥ 0.995 on all three; mean recall ${mean('recall')} precision ${mean('precision')} coverage_all ${mean('coverage')}; min ${min('recall')} / ${min('precision')} / ${min('coverage')}`);
  fs.writeFileSync(path.join(dir, 'matrix.json'), `${JSON.stringify(rows, null, 1)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
