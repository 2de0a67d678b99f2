/**
 * Cross-check: the ten tables' facts in the generated truth files must equal the hand-checked truth
 * of the same seed tables in ../shared/corpus/excel (same table/row/column/value).
 *
 *   npx tsx scripts/samples/check-truth.ts [reference.truth.json]
 *
 * Prints every difference and exits 1 if there is one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface TruthFact {
  table: string;
  row: string;
  column: string;
  value: number;
  unit: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const reference = process.argv[2] ?? path.resolve(root, '../shared/corpus/excel/shanxi-fenyang-2024-tables.truth.json');
const ours = [
  'samples/fenyang-2024-final.truth.json',
  'samples/fenyang-2024-final-borderless.truth.json',
  'samples/fenyang-2024-tables.truth.json',
];

const load = (p: string): TruthFact[] => (JSON.parse(fs.readFileSync(p, 'utf8')) as { facts: TruthFact[] }).facts;
const key = (f: TruthFact): string => `${f.table} | ${f.row} | ${f.column}`;

const ref = new Map(load(reference).map((f) => [key(f), f]));
const tableKinds = new Set([...ref.values()].map((f) => f.table));
let failures = 0;
for (const rel of ours) {
  const mine = load(path.join(root, rel)).filter((f) => tableKinds.has(f.table));
  const got = new Map(mine.map((f) => [key(f), f]));
  const diffs: string[] = [];
  for (const [k, f] of ref) {
    const g = got.get(k);
    if (!g) diffs.push(`missing   ${k} = ${f.value}`);
    else if (Math.abs(g.value - f.value) > 1e-9) diffs.push(`value     ${k}: ours ${g.value}, reference ${f.value}`);
    else if (g.unit !== f.unit) diffs.push(`unit      ${k}: ours ${g.unit}, reference ${f.unit}`);
  }
  for (const [k, g] of got) if (!ref.has(k)) diffs.push(`extra     ${k} = ${g.value}`);
  console.log(`${rel}: ${mine.length} table facts, reference ${ref.size}, ${diffs.length} difference(s)`);
  for (const d of diffs) console.log(`  ${d}`);
  failures += diffs.length;
}
process.exit(failures ? 1 : 0);
