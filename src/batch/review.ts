/**
 * `yjsgk review OUT_DIR`: reads what a batch left in OUT_DIR (manifest, docs/<stem>.json, the dataset) and
 * writes OUT_DIR/review.html, plus each document's review page docs/<stem>.html where it is missing (its pages
 * rendered from the input file, when that is still at its path).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Extraction } from '../model/schema.js';
import { MAIN_TOTALS } from '../domain/totals.js';
import { writeTextAtomic } from '../export/files.js';
import { reviewPage } from '../export/html/index.js';
import { tableQuality } from '../export/html/page.js';
import { indexHtml, type ChartPoint, type IndexRow } from '../export/html/index-page.js';
import type { ManifestRecord } from './dataset.js';
import { openSqlite, type SqliteDataset } from './sqlite.js';

export interface ReviewOptions {
  /** rewrite document pages that exist */
  force?: boolean;
  progress?: (s: string) => void;
}

export interface ReviewResult {
  index: string;
  documents: number;
  pagesWritten: number;
  warnings: string[];
}

function lowestCoverage(doc: Extraction): number | undefined {
  const cov = doc.tables
    .map((t) => (tableQuality(t) as { coverage?: unknown } | undefined)?.coverage)
    .filter((c): c is number => typeof c === 'number');
  return cov.length ? Math.min(...cov) : undefined;
}

/** The main totals of every document in the dataset, in 万元, one point per department, year and kind. */
function chartPoints(ds: SqliteDataset): ChartPoint[] {
  const points = new Map<string, ChartPoint>();
  const q = ds.driver.db.prepare(
    'SELECT department, year, doc_kind, SUM(value_yuan) AS v FROM facts WHERE table_kind = ? AND row_key = ? AND column_key = ? GROUP BY department, year, doc_kind',
  );
  for (const s of MAIN_TOTALS) {
    for (const r of q.all(s.table, s.row, s.column) as { department: string | null; year: number | null; doc_kind: string | null; v: number | null }[]) {
      if (r.v === null) continue;
      const department = r.department ?? '（部门未识别）';
      const k = `${department}|${r.year}|${r.doc_kind}`;
      const p = points.get(k) ?? { department, year: r.year, kind: r.doc_kind, values: {} };
      p.values[s.id] = Math.round(r.v / 100) / 100;
      points.set(k, p);
    }
  }
  return [...points.values()];
}

export async function writeReview(outDir: string, opts: ReviewOptions = {}): Promise<ReviewResult> {
  const out = path.resolve(outDir);
  const docsDir = path.join(out, 'docs');
  const datasetFile = path.join(out, 'dataset.sqlite');
  const warnings: string[] = [];
  let manifest: ManifestRecord[] = [];
  let points: ChartPoint[] = [];
  if (existsSync(datasetFile)) {
    const ds = await openSqlite(datasetFile, { mustExist: true });
    try {
      manifest = await ds.allManifest();
      points = chartPoints(ds);
    } finally {
      await ds.close();
    }
  } else if (existsSync(path.join(out, 'manifest.json'))) {
    manifest = (JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { entries: ManifestRecord[] }).entries;
  } else {
    throw new Error(`${outDir}: no dataset.sqlite or manifest.json here (run \`yjsgk batch … --out ${outDir}\` first)`);
  }

  // the documents' JSON, by the hash of their input
  const bySha = new Map<string, { stem: string; file: string }>();
  let names: string[] = [];
  try {
    names = (await readdir(docsDir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    warnings.push(`${docsDir}: no per-document JSON (run batch with --format json); the index lists files only`);
  }
  const docs = new Map<string, Extraction>();
  for (const n of names) {
    const file = path.join(docsDir, n);
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as Extraction;
      if (!doc?.document) continue;
      const stem = n.slice(0, -'.json'.length);
      docs.set(stem, doc);
      if (doc.document.sha256) bySha.set(doc.document.sha256, { stem, file });
    } catch (err) {
      warnings.push(`${file}: not a yjsgk JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  const rows: IndexRow[] = [];
  let pagesWritten = 0;
  let k = 0;
  for (const m of [...manifest].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    k++;
    const hit = m.status === 'ok' ? bySha.get(m.sha256) : undefined;
    const doc = hit ? docs.get(hit.stem) : undefined;
    if (!doc || !hit) {
      rows.push({ file: m.file, status: m.status, reason: m.error ?? (m.status === 'ok' ? 'its JSON is not under docs/' : undefined), pages: m.pages, errors: m.errors ?? undefined });
      continue;
    }
    const html = path.join(docsDir, `${hit.stem}.html`);
    let fresh = existsSync(html);
    if (fresh && !opts.force) fresh = (await stat(html)).mtimeMs >= (await stat(hit.file)).mtimeMs;
    if (!fresh || opts.force) {
      opts.progress?.(`review ${k}/${manifest.length}: ${m.file}`);
      const input = existsSync(m.path) ? m.path : undefined;
      if (!input) warnings.push(`${m.path}: no longer there; its review page has no page images`);
      await writeTextAtomic(html, await reviewPage(doc, input, { indexHref: '../review.html' }));
      pagesWritten++;
    }
    const count = (s: string) => doc.issues.filter((i) => i.severity === s).length;
    rows.push({
      file: m.file, href: `docs/${encodeURIComponent(hit.stem)}.html`, status: 'ok',
      department: doc.document.department, year: doc.document.year, kind: doc.document.kind, pages: doc.document.pages,
      tables: doc.tables.length, tablesWithData: doc.tables.filter((t) => !t.empty).length, tableKinds: doc.tables.map((t) => t.kind),
      facts: doc.facts.length, lowestCoverage: lowestCoverage(doc), errors: count('error'), warnings: count('warning'),
    });
  }
  const index = path.join(out, 'review.html');
  await writeTextAtomic(index, indexHtml(rows, { series: MAIN_TOTALS.map((s) => ({ id: s.id, label: s.label })), points }, { title: `yjsgk 批量结果：${path.basename(out)}` }));
  return { index, documents: rows.length, pagesWritten, warnings };
}
