/**
 * Validation speed: validate() on real documents against extract() of the same document (the ratio says what
 * validation adds to the pipeline), and on synthetic documents of 1×, 4× and 16× the rows (the ratio says it
 * grows linearly with the facts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/api.js';
import type { Extraction, Fact, TableRecord } from '../src/model/schema.js';
import { validate } from '../src/validate/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.YJSGK_SHARED ?? path.resolve(root, '../shared');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void, n: number): number {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** A consistent document with `n` 类, each with 4 款 of 4 项, in the expenditure and 一般公共预算 tables. */
export function synthetic(n: number): Extraction {
  const facts: Fact[] = [];
  const tables: TableRecord[] = [];
  for (const table of ['expenditure', 'general_budget']) {
    let total = 0;
    for (let c = 0; c < n; c++) {
      const cls = String(100 + c).padStart(3, '0');
      let cs = 0;
      for (let k = 1; k <= 4; k++) {
        const kuan = `${cls}${String(k).padStart(2, '0')}`;
        let ks = 0;
        for (let x = 1; x <= 4; x++) {
          const v = (c * 16 + k * 4 + x) / 100 + 1;
          ks += v;
          facts.push({ table, row: `${kuan}${String(x).padStart(2, '0')}`, column: 'total', value: v, unit: '万元', printed: v.toFixed(2) });
          facts.push({ table, row: `${kuan}${String(x).padStart(2, '0')}`, column: 'basic', value: v, unit: '万元', printed: v.toFixed(2) });
        }
        ks = Math.round(ks * 100) / 100;
        cs += ks;
        facts.push({ table, row: kuan, column: 'total', value: ks, unit: '万元', printed: ks.toFixed(2) }, { table, row: kuan, column: 'basic', value: ks, unit: '万元', printed: ks.toFixed(2) });
      }
      cs = Math.round(cs * 100) / 100;
      total += cs;
      facts.push({ table, row: cls, column: 'total', value: cs, unit: '万元', printed: cs.toFixed(2) }, { table, row: cls, column: 'basic', value: cs, unit: '万元', printed: cs.toFixed(2) });
    }
    total = Math.round(total * 100) / 100;
    facts.push({ table, row: 'total', column: 'total', value: total, unit: '万元', printed: total.toFixed(2) }, { table, row: 'total', column: 'basic', value: total, unit: '万元', printed: total.toFixed(2) });
    tables.push({ kind: table, label: null, title: table, pages: [1], unit: '万元', empty: false, columns: [{ key: 'total', label: '合计' }, { key: 'basic', label: '基本支出' }], header: [], rows: [] });
  }
  return {
    document: { department: 'x', year: 2024, kind: 'final' }, tables, facts, issues: [], forms: [], narrative: [], pages: [], warnings: [],
    pipeline: { name: 'yjsgk', version: 'bench' },
  };
}

export async function run(): Promise<void> {
  const files = [
    path.join(root, 'samples/fenyang-2024-final.pdf'),
    path.join(shared, 'corpus/final/shanghai-putuo-ghzyj-2024-final.pdf'),
    path.join(shared, 'corpus/final/shanghai-putuo-shgzb-2024-final.pdf'),
  ].filter((f) => existsSync(f));
  for (const f of files) {
    const t0 = performance.now();
    const doc = await extract(f, { ocr: 'never', validate: false });
    const ex = performance.now() - t0;
    const v = time(() => validate(doc), 20);
    console.log(`${path.basename(f)}: ${doc.facts.length} facts, validate ${v.toFixed(1)} ms, extract ${ex.toFixed(0)} ms → validate/extract ${(v / ex).toFixed(3)}`);
  }
  let base = 0;
  validate(synthetic(40)); // warm the JIT before the baseline
  for (const n of [10, 40, 160]) {
    const doc = synthetic(n);
    const v = time(() => validate(doc), 5);
    if (!base) base = v;
    console.log(`synthetic ${n} 类 (${doc.facts.length} facts): validate ${v.toFixed(1)} ms → ${(v / base).toFixed(2)}× the 10-类 time for ${n / 10}× the facts`);
  }
}
