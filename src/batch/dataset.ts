/**
 * The research dataset: long-format tables (documents, tables, facts, issues, forms, indicators) in one SQLite
 * file, with the keys a researcher joins on across departments and years (department, year, doc_kind,
 * table_kind, row_key, column_key) repeated on every row so one table answers most questions alone.
 *
 * The same database holds the batch manifest (one row per input file). A document is written in one
 * transaction together with its manifest row, replacing whatever the same file gave before, so the dataset has
 * each document exactly once whenever the process stops. The store is a SQLite file (src/batch/sqlite.ts, the
 * default) or PostgreSQL (src/batch/postgres.ts) for workers on several machines; the logic here is shared.
 */
import path from 'node:path';
import type { EvaluationForm, Extraction, TableRecord } from '../model/schema.js';
import { factRow } from '../export/csv.js';
import { VERSION } from '../version.js';
import { MONEY_TOTAL_LABEL_RE } from '../domain/forms.js';

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
  /** ok: read; failed: could not be read (error, code); alias: the same bytes as alias_of, which holds the document */
  status: 'ok' | 'failed' | 'alias';
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
  /** the path whose document these bytes are (a copy read once), else null */
  alias_of: string | null;
}

export const MANIFEST: TableDef = {
  name: 'manifest',
  columns: [
    ['path', 'text'], ['file', 'text'], ['sha256', 'text'], ['size', 'int'], ['status', 'text'], ['version', 'text'],
    ['pages', 'int'], ['tables', 'int'], ['facts', 'int'], ['issues', 'int'], ['errors', 'int'], ['ms', 'int'],
    ['error', 'text'], ['code', 'text'], ['attempts', 'int'], ['finished_at', 'text'], ['alias_of', 'text'],
  ],
  constraints: ['PRIMARY KEY (path)'],
};


/**
 * Where batch and queue workers store what they read: the SQLite file (one machine) or PostgreSQL (many).
 * Both keep each distinct content (sha256) read by one pipeline version as one document; another path with the
 * same bytes is a manifest line with status 'alias' naming the path that holds the document.
 */
export interface DatasetStore {
  /** the file or the URL without its password, for messages */
  readonly location: string;
  manifest(filePath: string): Promise<ManifestRecord | undefined>;
  allManifest(): Promise<ManifestRecord[]>;
  /** the path holding the document read from these bytes by this pipeline version, if there is one */
  documentFor(sha256: string, version: string): Promise<string | undefined>;
  /**
   * Replaces the file's document with this extraction and records it in the manifest, in one transaction. When
   * another path already holds a document of the same bytes and version, the file is recorded as its alias
   * instead and 'alias' is returned.
   */
  writeDocument(filePath: string, doc: Extraction | DocumentDigest, rec: ManifestRecord): Promise<'document' | 'alias'>;
  /** Records the file as a copy of `of` (status 'alias'); whatever the file gave before leaves the dataset. */
  writeAlias(filePath: string, of: string, rec: ManifestRecord): Promise<void>;
  /** Records a failed file; whatever the file gave before leaves the dataset with it (the manifest says why). */
  writeFailure(filePath: string, rec: ManifestRecord): Promise<void>;
  close(): Promise<void>;
}

/** The counts of a read document its manifest line and the CLI lines give. */
export interface DocumentCounts {
  pages: number | null;
  tables: number;
  facts: number;
  issues: number;
  errors: number;
}

export function documentCounts(doc: Extraction): DocumentCounts {
  return {
    pages: doc.document.pages ?? null, tables: doc.tables.length, facts: doc.facts.length, issues: doc.issues.length,
    errors: doc.issues.filter((i) => i.severity === 'error').length,
  };
}

/** The manifest line of one file: read (with its document's counts), failed (with the reason) or a copy of another file. */
export function manifestRecord(
  file: { path: string; sha256: string; size: number; attempts: number },
  outcome: { doc: Extraction; ms: number } | { counts: DocumentCounts; ms: number } | { code: string; reason: string; ms: number } | { aliasOf: string; of?: ManifestRecord },
): ManifestRecord {
  const base = {
    path: file.path, file: path.basename(file.path), sha256: file.sha256, size: file.size, version: VERSION,
    attempts: file.attempts, finished_at: new Date().toISOString(), alias_of: null, error: null, code: null,
  };
  if ('doc' in outcome || 'counts' in outcome) {
    const c = 'doc' in outcome ? documentCounts(outcome.doc) : outcome.counts;
    return { ...base, status: 'ok', ms: outcome.ms, ...c };
  }
  if ('aliasOf' in outcome) {
    const o = outcome.of;
    return {
      ...base, status: 'alias', ms: 0, alias_of: outcome.aliasOf, pages: o?.pages ?? null, tables: o?.tables ?? null, facts: o?.facts ?? null,
      issues: o?.issues ?? null, errors: o?.errors ?? null,
    };
  }
  return { ...base, status: 'failed', ms: outcome.ms, pages: null, tables: null, facts: null, issues: null, errors: null, error: outcome.reason, code: outcome.code };
}

/**
 * What the dataset stores of one document, made where the document was read (a batch reader process), so the
 * process holding the dataset only appends rows: the documents row without the fields of the file and the run
 * (path, file, extracted_at), and the rows of every other dataset table.
 */
export interface DocumentDigest {
  sha256: string | null;
  pipelineVersion: string;
  document: Row;
  rows: Record<string, Row[]>;
  counts: DocumentCounts;
}

export function documentDigest(doc: Extraction): DocumentDigest {
  const d = doc.document;
  const counts = documentCounts(doc);
  return {
    sha256: d.sha256 ?? null,
    pipelineVersion: doc.pipeline.version,
    counts,
    document: {
      format: d.format ?? null, department: d.department, year: d.year, doc_kind: d.kind, title: d.title ?? null,
      pages: counts.pages, ocr_pages: d.ocrPages?.join(',') ?? null, tables: counts.tables, facts: counts.facts,
      issues: counts.issues, errors: counts.errors, forms: doc.forms.length, warnings: doc.warnings.length,
      pipeline_version: doc.pipeline.version, ms: doc.pipeline.ms ?? null,
    },
    rows: documentRows(doc),
  };
}

/** documents-table row of a document (doc_id left to the store) */
export function documentRow(filePath: string, dg: DocumentDigest, rec: ManifestRecord): Row {
  return { path: filePath, file: path.basename(filePath), sha256: dg.sha256 ?? rec.sha256, ...dg.document, extracted_at: rec.finished_at };
}

export const SCHEMA_VERSION = 1;

export type Row = Record<string, string | number | null>;

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

function bestMoney(f: EvaluationForm) {
  return f.money.find((m) => MONEY_TOTAL_LABEL_RE.test(m.label)) ?? f.money[0];
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

/** The SQL a store needs from its database: SQLite (better-sqlite3) and PostgreSQL (pg) each give one. */
export interface SqlTx {
  /** `?` placeholders, in order */
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  insertRows(table: string, columns: string[], rows: Row[]): Promise<void>;
}

export interface SqlDriver extends SqlTx {
  readonly location: string;
  readonly types: Record<ColType, string>;
  /** the documents key column's type (an auto-assigned integer) */
  readonly autoId: string;
  /** runs fn in one transaction, holding the write locks named by `keys` (other writers of the same keys wait) */
  transaction<T>(keys: string[], fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function ddl(t: TableDef, types: Record<ColType, string>, autoId?: string): string[] {
  const cols = t.columns.map(([n, ty]) => `"${n}" ${n === 'doc_id' && t.name === 'documents' && autoId ? autoId : types[ty]}`);
  const out = [`CREATE TABLE IF NOT EXISTS "${t.name}" (${[...cols, ...(t.constraints ?? [])].join(', ')})`];
  for (const ix of [...(t.indexes ?? []), ...(t.name === 'documents' ? ['sha256, pipeline_version'] : [])]) {
    const name = `${t.name}_${ix.replace(/[^a-z0-9_]+/g, '_')}`;
    out.push(`CREATE INDEX IF NOT EXISTS "${name}" ON "${t.name}" (${ix})`);
  }
  return out;
}

const MANIFEST_COLS = MANIFEST.columns.map(([n]) => n);
const UPSERT_MANIFEST =
  `INSERT INTO manifest (${MANIFEST_COLS.map((c) => `"${c}"`).join(', ')}) VALUES (${MANIFEST_COLS.map(() => '?').join(', ')}) ` +
  `ON CONFLICT (path) DO UPDATE SET ${MANIFEST_COLS.filter((c) => c !== 'path').map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;

/**
 * The dataset logic over either database. Every write is one transaction holding the locks of the file's path and
 * its content hash, so many writers (threads, processes, machines) never store the same content twice.
 */
export class SqlDataset implements DatasetStore {
  constructor(readonly driver: SqlDriver) {}

  /** Creates the tables (and columns added since a dataset was made: all nullable, so older datasets stay usable). */
  async init(existingColumns: (tx: SqlTx, table: string) => Promise<Set<string>>): Promise<this> {
    const d = this.driver;
    await d.transaction(['schema'], async (tx) => {
      await tx.run('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)');
      const v = await tx.all<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'");
      if (v[0] && Number(v[0].value) !== SCHEMA_VERSION) {
        throw new Error(`${d.location}: dataset schema version ${v[0].value}, this yjsgk writes version ${SCHEMA_VERSION}; use a new dataset`);
      }
      for (const t of [...DATASET_TABLES, MANIFEST]) {
        for (const s of ddl(t, d.types, d.autoId)) await tx.run(s);
        const have = await existingColumns(tx, t.name);
        for (const [n, ty] of t.columns) if (!have.has(n)) await tx.run(`ALTER TABLE "${t.name}" ADD COLUMN "${n}" ${d.types[ty]}`);
      }
      if (!v[0]) await tx.run("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", [String(SCHEMA_VERSION)]);
    });
    return this;
  }

  get location(): string {
    return this.driver.location;
  }

  async manifest(filePath: string): Promise<ManifestRecord | undefined> {
    return (await this.driver.all<ManifestRecord>('SELECT * FROM manifest WHERE path = ?', [filePath]))[0];
  }

  async allManifest(): Promise<ManifestRecord[]> {
    return this.driver.all<ManifestRecord>('SELECT * FROM manifest ORDER BY path');
  }

  async documentFor(sha256: string, version: string): Promise<string | undefined> {
    return holder(this.driver, sha256, version);
  }

  async writeDocument(filePath: string, doc: Extraction | DocumentDigest, rec: ManifestRecord): Promise<'document' | 'alias'> {
    const dg = 'rows' in doc ? doc : documentDigest(doc);
    const sha = dg.sha256 ?? rec.sha256;
    return this.driver.transaction([filePath, sha], async (tx) => {
      const other = await holder(tx, sha, dg.pipelineVersion, filePath);
      if (other) {
        await dropDocument(tx, filePath);
        await putManifest(tx, { ...rec, status: 'alias', alias_of: other });
        return 'alias';
      }
      const previous = await dropDocument(tx, filePath, sha);
      const row: Row = { ...(previous !== null ? { doc_id: previous } : {}), ...documentRow(filePath, dg, rec) };
      const cols = Object.keys(row);
      const [{ doc_id }] = await tx.all<{ doc_id: number }>(
        `INSERT INTO documents (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING doc_id`,
        cols.map((c) => row[c]),
      );
      const byTable = dg.rows;
      for (const t of DATASET_TABLES) {
        if (t.name === 'documents') continue;
        const rows = byTable[t.name] ?? [];
        await tx.insertRows(t.name, t.columns.map(([n]) => n), rows.map((r) => ({ doc_id: Number(doc_id), ...r })));
      }
      await putManifest(tx, { ...rec, status: 'ok', alias_of: null });
      return 'document';
    });
  }

  async writeAlias(filePath: string, of: string, rec: ManifestRecord): Promise<void> {
    await this.driver.transaction([filePath, rec.sha256], async (tx) => {
      await dropDocument(tx, filePath);
      await putManifest(tx, { ...rec, status: 'alias', alias_of: of });
    });
  }

  async writeFailure(filePath: string, rec: ManifestRecord): Promise<void> {
    await this.driver.transaction([filePath, rec.sha256], async (tx) => {
      await dropDocument(tx, filePath);
      await putManifest(tx, { ...rec, alias_of: null });
    });
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

async function holder(tx: SqlTx, sha256: string, version: string, except = ''): Promise<string | undefined> {
  const rows = await tx.all<{ path: string }>(
    'SELECT path FROM documents WHERE sha256 = ? AND pipeline_version = ? AND path <> ? ORDER BY doc_id LIMIT 1',
    [sha256, version, except],
  );
  return rows[0]?.path;
}

async function putManifest(tx: SqlTx, rec: ManifestRecord): Promise<void> {
  await tx.run(UPSERT_MANIFEST, MANIFEST_COLS.map((c) => (rec as unknown as Row)[c] ?? null));
}

/**
 * Takes the file's document out of the dataset before the file gets new content, fails or becomes a copy. When
 * copies of its old bytes are recorded as its aliases, the document is handed to the first of them (nothing read
 * is lost); otherwise it is deleted and its doc_id returned (a re-extraction of the same file keeps it).
 */
async function dropDocument(tx: SqlTx, filePath: string, keepSha?: string): Promise<number | null> {
  const [row] = await tx.all<{ doc_id: number; sha256: string }>('SELECT doc_id, sha256 FROM documents WHERE path = ?', [filePath]);
  if (!row) return null;
  if (row.sha256 !== keepSha) {
    const [heir] = await tx.all<{ path: string }>(
      "SELECT path FROM manifest WHERE alias_of = ? AND status = 'alias' AND sha256 = ? ORDER BY path LIMIT 1",
      [filePath, row.sha256],
    );
    if (heir) {
      await tx.run('UPDATE documents SET path = ?, file = ? WHERE doc_id = ?', [heir.path, path.basename(heir.path), row.doc_id]);
      await tx.run("UPDATE manifest SET status = 'ok', alias_of = NULL WHERE path = ?", [heir.path]);
      await tx.run('UPDATE manifest SET alias_of = ? WHERE alias_of = ?', [heir.path, filePath]);
      return null;
    }
  }
  for (const t of DATASET_TABLES) await tx.run(`DELETE FROM "${t.name}" WHERE doc_id = ?`, [row.doc_id]);
  return Number(row.doc_id);
}

/** `postgres://…` / `postgresql://…` → PostgreSQL, anything else → a SQLite file. */
export function isPostgres(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/**
 * Opens (creating the tables if needed) the dataset named by a file path or a postgres:// URL. With
 * `mustExist`, a SQLite file whose folder does not exist is an error rather than a new empty dataset (a typo in
 * a cron line should not start a second dataset).
 */
export async function openDataset(spec: string, opts: { mustExist?: boolean } = {}): Promise<SqlDataset> {
  if (isPostgres(spec)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(spec);
  }
  const { openSqlite } = await import('./sqlite.js');
  return openSqlite(spec, opts);
}
