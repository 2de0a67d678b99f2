/**
 * The research dataset: long-format tables (documents, tables, facts, issues, forms, indicators) in one SQLite
 * file, with the keys a researcher joins on across departments and years (department, year, doc_kind,
 * table_kind, row_key, column_key) repeated on every row so one table answers most questions alone.
 *
 * The same file holds the batch manifest (one row per input file) and the queue. A document is written in one
 * transaction together with its manifest row, replacing whatever the same file gave before, so the dataset has
 * each document exactly once whenever the process stops.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EvaluationForm, Extraction, TableRecord } from '../model/schema.js';
import { factRow } from '../export/csv.js';

export type ColType = 'int' | 'real' | 'text';

export interface TableDef {
  name: string;
  columns: [string, ColType][];
  /** extra SQL after the column list (keys) */
  constraints?: string[];
  indexes?: string[];
}

const KEYS: [string, ColType][] = [
  ['doc_id', 'int'],
  ['department', 'text'],
  ['year', 'int'],
  ['doc_kind', 'text'],
];

/** The dataset tables, as data: the SQLite DDL, CSV and Parquet exports all read these definitions. */
export const DATASET_TABLES: TableDef[] = [
  {
    name: 'documents',
    columns: [
      ['doc_id', 'int'], ['path', 'text'], ['file', 'text'], ['sha256', 'text'], ['format', 'text'],
      ['department', 'text'], ['year', 'int'], ['doc_kind', 'text'], ['title', 'text'], ['pages', 'int'],
      ['ocr_pages', 'text'], ['tables', 'int'], ['facts', 'int'], ['issues', 'int'], ['errors', 'int'],
      ['forms', 'int'], ['warnings', 'int'], ['pipeline_version', 'text'], ['ms', 'int'], ['extracted_at', 'text'],
    ],
    constraints: ['PRIMARY KEY (doc_id)', 'UNIQUE (path)'],
    indexes: ['department, year, doc_kind'],
  },
  {
    name: 'tables',
    columns: [
      ...KEYS, ['table_kind', 'text'], ['label', 'text'], ['title', 'text'], ['unit', 'text'], ['empty', 'int'],
      ['pages', 'text'], ['method', 'text'], ['rows', 'int'], ['facts', 'int'],
      // tables[].quality: printed amounts against facts, what the reader could not place, identities
      ['amounts', 'int'], ['amounts_matched', 'int'], ['coverage', 'real'], ['unmatched', 'text'], ['orphans', 'int'],
      ['cut_runs', 'int'], ['unkeyed_columns', 'text'], ['conflicts', 'int'], ['identities_checked', 'int'],
      ['identities_held', 'int'], ['identities_broken', 'int'],
    ],
    indexes: ['doc_id', 'table_kind'],
  },
  {
    name: 'facts',
    // the per-document facts.csv columns (export/csv.ts FACT_COLUMNS) behind the doc_id
    columns: [
      ...KEYS, ['table_kind', 'text'], ['row_key', 'text'], ['column_key', 'text'], ['value', 'real'], ['unit', 'text'],
      ['value_yuan', 'real'], ['page', 'int'], ['printed', 'text'], ['row_label', 'text'], ['column_label', 'text'],
      ['source', 'text'], ['confidence', 'real'], ['flags', 'text'],
    ],
    indexes: ['doc_id', 'table_kind, row_key, column_key', 'department, year'],
  },
  {
    name: 'issues',
    columns: [
      ...KEYS, ['rule', 'text'], ['severity', 'text'], ['message', 'text'], ['page', 'int'], ['table_kind', 'text'],
      ['row_key', 'text'], ['column_key', 'text'], ['expected', 'real'], ['printed', 'real'], ['refs', 'text'],
    ],
    indexes: ['doc_id', 'rule'],
  },
  {
    name: 'forms',
    columns: [
      ...KEYS, ['form_key', 'text'], ['project', 'text'], ['layout', 'text'], ['form_department', 'text'], ['unit', 'text'],
      ['pages', 'text'], ['money_unit', 'text'], ['budget_initial', 'real'], ['budget_full_year', 'real'], ['executed', 'real'],
      ['execution_rate', 'real'], ['score_total', 'real'], ['grade', 'text'], ['indicators', 'int'], ['goal', 'text'],
      ['achieved', 'text'],
    ],
    indexes: ['doc_id'],
  },
  {
    name: 'indicators',
    columns: [
      ...KEYS, ['form_key', 'text'], ['project', 'text'], ['level1', 'text'], ['level2', 'text'], ['level3', 'text'],
      ['target_text', 'text'], ['target_op', 'text'], ['target_number', 'real'], ['target_unit', 'text'],
      ['actual_text', 'text'], ['actual_op', 'text'], ['actual_number', 'real'], ['actual_unit', 'text'],
      ['weight', 'real'], ['score', 'real'], ['deviation', 'text'], ['page', 'int'],
    ],
    indexes: ['doc_id'],
  },
];

/** One input file's line in the manifest. */
export interface ManifestRecord {
  path: string;
  file: string;
  sha256: string;
  size: number;
  status: 'ok' | 'failed';
  version: string;
  pages: number | null;
  tables: number | null;
  facts: number | null;
  issues: number | null;
  errors: number | null;
  ms: number;
  error: string | null;
  code: string | null;
  attempts: number;
  finished_at: string;
}

const MANIFEST: TableDef = {
  name: 'manifest',
  columns: [
    ['path', 'text'], ['file', 'text'], ['sha256', 'text'], ['size', 'int'], ['status', 'text'], ['version', 'text'],
    ['pages', 'int'], ['tables', 'int'], ['facts', 'int'], ['issues', 'int'], ['errors', 'int'], ['ms', 'int'],
    ['error', 'text'], ['code', 'text'], ['attempts', 'int'], ['finished_at', 'text'],
  ],
  constraints: ['PRIMARY KEY (path)'],
};

const SQL_TYPE: Record<ColType, string> = { int: 'INTEGER', real: 'REAL', text: 'TEXT' };
export const SCHEMA_VERSION = 1;

function ddl(t: TableDef): string[] {
  const cols = t.columns.map(([n, ty]) => `"${n}" ${SQL_TYPE[ty]}`);
  const out = [`CREATE TABLE IF NOT EXISTS "${t.name}" (${[...cols, ...(t.constraints ?? [])].join(', ')})`];
  for (const ix of t.indexes ?? []) {
    const name = `${t.name}_${ix.replace(/[^a-z_]+/g, '_')}`;
    out.push(`CREATE INDEX IF NOT EXISTS "${name}" ON "${t.name}" (${ix})`);
  }
  return out;
}

type Row = Record<string, string | number | null>;

function bestMoney(f: EvaluationForm) {
  return f.money.find((m) => /总额|合计|总计|资金/.test(m.label)) ?? f.money[0];
}

/** A table's quality report as dataset columns: counts, the unmatched amounts as `page:text` and unkeyed columns. */
function qualityColumns(t: TableRecord): Row {
  const q = t.quality;
  return {
    amounts: q?.tokens ?? null, amounts_matched: q?.matched ?? null, coverage: q?.coverage ?? null,
    unmatched: q?.unmatched.length ? q.unmatched.map((u) => `${u.page}:${u.text}`).join(' ') : null,
    orphans: q?.orphans.length ?? null, cut_runs: q?.cutRuns.length ?? null,
    unkeyed_columns: q?.unkeyedColumns.length ? q.unkeyedColumns.map((c) => c.label || c.key).join(' | ') : null,
    conflicts: q?.conflicts.length ?? null, identities_checked: q?.identities?.checked ?? null,
    identities_held: q?.identities?.held ?? null, identities_broken: q?.identities?.broken.length ?? null,
  };
}

/** The rows one document contributes to each dataset table (doc_id filled in on insert). */
export function documentRows(doc: Extraction): Record<string, Row[]> {
  const d = doc.document;
  const keys = { department: d.department, year: d.year, doc_kind: d.kind };
  const factCount = new Map<string, number>();
  for (const f of doc.facts) factCount.set(f.table, (factCount.get(f.table) ?? 0) + 1);
  return {
    tables: doc.tables.map((t) => ({
      ...keys, table_kind: t.kind, label: t.label, title: t.title, unit: t.unit, empty: t.empty ? 1 : 0,
      pages: t.pages.join(','), method: t.method ?? null, rows: t.rows.length, facts: factCount.get(t.kind) ?? 0,
      ...qualityColumns(t),
    })),
    // the same row as the per-document facts.csv (export/csv.ts)
    facts: doc.facts.map((f) => factRow(doc, f)),
    issues: doc.issues.map((i) => ({
      ...keys, rule: i.rule, severity: i.severity, message: i.message, page: i.page ?? null,
      table_kind: i.refs[0]?.table ?? null, row_key: i.refs[0]?.row ?? null, column_key: i.refs[0]?.column ?? null,
      expected: i.expected ?? null, printed: i.printed ?? null, refs: JSON.stringify(i.refs),
    })),
    forms: doc.forms.map((f) => {
      const m = bestMoney(f);
      return {
        ...keys, form_key: f.key, project: f.project, layout: f.layout, form_department: f.department ?? null,
        unit: f.unit ?? null, pages: f.pages.join(','), money_unit: f.moneyUnit ?? null,
        budget_initial: m?.budgetInitial ?? null, budget_full_year: m?.budgetFullYear ?? null, executed: m?.executed ?? null,
        execution_rate: m?.executionRate ?? null, score_total: f.scoreTotal ?? null, grade: f.grade ?? null,
        indicators: f.indicators.length, goal: f.goal ?? null, achieved: f.achieved ?? null,
      };
    }),
    indicators: doc.forms.flatMap((f) =>
      f.indicators.map((i) => ({
        ...keys, form_key: f.key, project: f.project, level1: i.level1, level2: i.level2, level3: i.level3,
        target_text: i.target?.text ?? null, target_op: i.target?.op ?? null, target_number: i.target?.number ?? null,
        target_unit: i.target?.unit ?? null, actual_text: i.actual?.text ?? null, actual_op: i.actual?.op ?? null,
        actual_number: i.actual?.number ?? null, actual_unit: i.actual?.unit ?? null, weight: i.weight ?? null,
        score: i.score ?? null, deviation: i.deviation ?? null, page: i.page ?? null,
      })),
    ),
  };
}

export class Dataset {
  readonly db: Database.Database;
  private readonly inserts = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // WAL: a committed document survives the process being killed at any moment; readers never block the writer
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)');
    const v = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (v && Number(v.value) !== SCHEMA_VERSION) {
      throw new Error(`${file}: dataset schema version ${v.value}, this yjsgk writes version ${SCHEMA_VERSION}; use a new dataset file`);
    }
    this.db.transaction(() => {
      for (const t of [...DATASET_TABLES, MANIFEST]) for (const s of ddl(t)) this.db.exec(s);
      // a dataset written before a column was added gets it (columns are only ever added)
      for (const t of DATASET_TABLES) {
        const have = new Set((this.db.prepare(`PRAGMA table_info("${t.name}")`).all() as { name: string }[]).map((c) => c.name));
        for (const [n, ty] of t.columns) if (!have.has(n)) this.db.exec(`ALTER TABLE "${t.name}" ADD COLUMN "${n}" ${SQL_TYPE[ty]}`);
      }
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    })();
    for (const t of DATASET_TABLES) {
      if (t.name === 'documents') continue;
      const cols = t.columns.map(([n]) => n);
      this.inserts.set(t.name, this.db.prepare(`INSERT INTO "${t.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`));
    }
  }

  manifest(filePath: string): ManifestRecord | undefined {
    return this.db.prepare('SELECT * FROM manifest WHERE path = ?').get(filePath) as ManifestRecord | undefined;
  }

  allManifest(): ManifestRecord[] {
    return this.db.prepare('SELECT * FROM manifest ORDER BY path').all() as ManifestRecord[];
  }

  /** Removes the file's document from every table; returns its doc_id, which a re-extraction keeps. */
  private deleteDocument(filePath: string): number | null {
    const row = this.db.prepare('SELECT doc_id FROM documents WHERE path = ?').get(filePath) as { doc_id: number } | undefined;
    if (!row) return null;
    for (const t of DATASET_TABLES) this.db.prepare(`DELETE FROM "${t.name}" WHERE doc_id = ?`).run(row.doc_id);
    return row.doc_id;
  }

  private putManifest(rec: ManifestRecord): void {
    const cols = MANIFEST.columns.map(([n]) => n);
    this.db
      .prepare(`INSERT OR REPLACE INTO manifest (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
      .run(rec);
  }

  /** Replaces the file's document with this extraction and records it in the manifest: one transaction. */
  writeDocument(filePath: string, doc: Extraction, rec: ManifestRecord): number {
    return this.db.transaction(() => {
      const previous = this.deleteDocument(filePath);
      const d = doc.document;
      const info = this.db
        .prepare(
          `INSERT INTO documents (doc_id, path, file, sha256, format, department, year, doc_kind, title, pages, ocr_pages, tables, facts,
             issues, errors, forms, warnings, pipeline_version, ms, extracted_at)
           VALUES (@doc_id, @path, @file, @sha256, @format, @department, @year, @doc_kind, @title, @pages, @ocr_pages, @tables, @facts,
             @issues, @errors, @forms, @warnings, @pipeline_version, @ms, @extracted_at)`,
        )
        .run({
          doc_id: previous, path: filePath, file: path.basename(filePath), sha256: d.sha256 ?? rec.sha256, format: d.format ?? null,
          department: d.department, year: d.year, doc_kind: d.kind, title: d.title ?? null, pages: d.pages ?? null,
          ocr_pages: d.ocrPages?.join(',') ?? null, tables: doc.tables.length, facts: doc.facts.length,
          issues: doc.issues.length, errors: doc.issues.filter((i) => i.severity === 'error').length,
          forms: doc.forms.length, warnings: doc.warnings.length, pipeline_version: doc.pipeline.version,
          ms: doc.pipeline.ms ?? null, extracted_at: rec.finished_at,
        });
      const docId = Number(info.lastInsertRowid);
      const rows = documentRows(doc);
      for (const [table, list] of Object.entries(rows)) {
        const st = this.inserts.get(table)!;
        for (const r of list) st.run({ doc_id: docId, ...r });
      }
      this.putManifest(rec);
      return docId;
    })();
  }

  /** Records a failed file; whatever the file gave before leaves the dataset with it (the manifest says why). */
  writeFailure(filePath: string, rec: ManifestRecord): void {
    this.db.transaction(() => {
      this.deleteDocument(filePath);
      this.putManifest(rec);
    })();
  }

  close(): void {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}
