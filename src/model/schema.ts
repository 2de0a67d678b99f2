/**
 * The typed document: one zod schema per record type is the single source of the TypeScript types,
 * of runtime validation and of the JSON shape written by the exporters.
 *
 * `document`, `tables`, `facts` (and `issues`) follow the facts contract (../shared/spec/facts.md);
 * everything else is the project's own model.
 */
import { z } from 'zod';

export const MONEY_UNITS = ['元', '万元', '亿元'] as const;
export const MoneyUnit = z.enum(MONEY_UNITS);
export type MoneyUnit = z.infer<typeof MoneyUnit>;

/** A box on a page in PDF points, origin top-left, y growing downwards. */
export const Box = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export type Box = z.infer<typeof Box>;

export const DocKind = z.enum(['final', 'budget']);
export type DocKind = z.infer<typeof DocKind>;

export const DocumentInfo = z.object({
  department: z.string().nullable(),
  year: z.number().int().nullable(),
  kind: DocKind.nullable(),
  /** file name the document was read from */
  source: z.string().optional(),
  /** sha256 of the input bytes */
  sha256: z.string().optional(),
  format: z.enum(['pdf', 'xlsx', 'xls']).optional(),
  pages: z.number().int().optional(),
  /** pages whose text came from OCR */
  ocrPages: z.array(z.number().int()).optional(),
  /** the document's own title (cover) */
  title: z.string().optional(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

export const ColumnInfo = z.object({
  /** canonical key (facts.md) or a project key for columns the contract does not name */
  key: z.string(),
  /** the header label as printed, header rows joined with '/' */
  label: z.string(),
  /** for two-sided tables: which side of the sheet the column is on */
  side: z.enum(['income', 'expenditure']).optional(),
  /** the column's position in the printed grid (index into each `header` row) */
  gridColumn: z.number().int().optional(),
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

export const CellValue = z.object({
  column: z.string(),
  /** text as printed */
  text: z.string(),
  value: z.number().nullable(),
});

export const RowRecord = z.object({
  key: z.string(),
  /** row name as printed (whitespace collapsed) */
  label: z.string(),
  code: z.string().optional(),
  /** the code as printed, where the reader repaired a misprinted part from the rows above (flag code_repaired) */
  printedCode: z.string().optional(),
  page: z.number().int(),
  cells: z.array(CellValue),
});
export type RowRecord = z.infer<typeof RowRecord>;

/** A number printed in a table's area, where it is on the page (tables[].quality). */
export const PrintedAmount = z.object({
  text: z.string(),
  value: z.number(),
  page: z.number().int(),
  box: Box.optional(),
});
export type PrintedAmount = z.infer<typeof PrintedAmount>;

/** The identities validation checked in a table, from its issues (validation computes them; this only counts). */
export const TableIdentities = z.object({
  /** identities evaluated that take a number of this table */
  checked: z.number().int(),
  /** held exactly or within rounding */
  held: z.number().int(),
  /** of those held, the ones only within the rounding tolerance (`info` issues) */
  rounding: z.number().int(),
  /** broken: an error (numbers read that do not add up) or an `extraction.*` warning (a number the reader did not
   *  get takes part) */
  broken: z.array(z.object({
    rule: z.string(), severity: z.enum(['error', 'warning', 'info']),
    row: z.string().optional(), column: z.string().optional(), page: z.number().int().optional(),
  })),
});
export type TableIdentities = z.infer<typeof TableIdentities>;

/**
 * How completely a table was read (Camelot's parsing report, for this domain): the amounts printed in the table's
 * area on each of its pages against the facts made from them, and what the reader could not place.
 */
export const TableQuality = z.object({
  /** amount tokens printed in the table's area (decimals or thousands separators; wrapped decimals joined) */
  tokens: z.number().int(),
  /** of them, the ones a fact of the table carries */
  matched: z.number().int(),
  /** matched / tokens (1 where the area prints no amount) */
  coverage: z.number(),
  /** amounts printed in the area that no fact carries */
  unmatched: z.array(PrintedAmount),
  /** of the unmatched, those in no cell of the table's grids (outside the grid, or between its cells) */
  orphans: z.array(PrintedAmount),
  /** text runs printed across a cell boundary (the builder had to cut or assign them) */
  cutRuns: z.array(z.object({ text: z.string(), page: z.number().int(), box: Box })),
  /** value columns the reader could not name: their numbers are in `rows` but make no fact */
  unkeyedColumns: z.array(z.object({ key: z.string(), label: z.string(), values: z.number().int() })),
  /** cells that gave a fact already made (same row and column): the first was kept */
  conflicts: z.array(z.object({
    row: z.string(), column: z.string(), page: z.number().int().optional(), printed: z.string().optional(),
    kept: z.string().optional(), keptPage: z.number().int().optional(),
  })),
  identities: TableIdentities.optional(),
});
export type TableQuality = z.infer<typeof TableQuality>;

export const TableRecord = z.object({
  kind: z.string(),
  label: z.string().nullable(),
  title: z.string(),
  pages: z.array(z.number().int()),
  unit: z.string(),
  empty: z.boolean(),
  columns: z.array(ColumnInfo),
  /** header rows as printed (one array of cell texts per header row) */
  header: z.array(z.array(z.string())),
  rows: z.array(RowRecord),
  /** how the grid was found: lattice (ruling lines), stream (alignment), sheet (spreadsheet) */
  method: z.enum(['lattice', 'stream', 'sheet']).optional(),
  notes: z.array(z.string()).optional(),
  /** the line printed with the table that names its department and/or year (部门名称：…, 2024年度, a running
   *  heading such as 'XX局2024年度部门决算表'), as printed; validation compares it with the cover */
  heading: z.string().optional(),
  /** how completely the table was read: printed amounts against facts, what could not be placed, identities */
  quality: TableQuality.optional(),
  /** the page says 本表无数据 (or similar): where, and whether only as a condition (此表如无数字则表示…) */
  noData: z.object({ page: z.number().int(), conditional: z.boolean().optional() }).optional(),
  /** no money unit was printed with the table (its unit is the document's or 万元 by default) */
  unitAssumed: z.boolean().optional(),
  /** a table page on which segmentation found no table: its grids (or its lines of amounts laid out as one) are kept
   * under its title's kind or `other:<heading>`, their facts flagged `unclassified` */
  unlisted: z.boolean().optional(),
});
export type TableRecord = z.infer<typeof TableRecord>;

/** ocr: read by OCR; low_confidence; sum_mismatch: breaks its table's sums; unkeyed: printed in a row the reader
 * found no name or code for (kept under `row<n>` / `x:<column>`); code_repaired: its row's misprinted code part
 * was taken from the rows above (the printed code is kept in the row record); code_suspect: a misprinted code
 * part that could not be repaired unambiguously (the key is the code as printed); in_text: an amount written inside
 * a text cell of a table outside the standard kinds (≥1.07亿元), its unit the one printed after it or ''; reread:
 * an OCR'd number read again in another mode, kept because it makes its table's identities hold; unclassified: printed on
 * a table page on which segmentation found no table, kept by its safety net (the table is `unlisted`) */
export const FactFlag = z.enum(['ocr', 'low_confidence', 'sum_mismatch', 'unkeyed', 'code_repaired', 'code_suspect', 'in_text', 'reread', 'unclassified']);

export const Fact = z.object({
  table: z.string(),
  row: z.string(),
  column: z.string(),
  value: z.number(),
  unit: z.string(),
  page: z.number().int().optional(),
  /** printed text of the cell */
  printed: z.string().optional(),
  rowLabel: z.string().optional(),
  columnLabel: z.string().optional(),
  box: Box.optional(),
  source: z.enum(['text', 'ocr', 'sheet']).optional(),
  confidence: z.number().optional(),
  flags: z.array(FactFlag).optional(),
});
export type Fact = z.infer<typeof Fact>;

export const FactRef = z.object({
  table: z.string(),
  row: z.string().optional(),
  column: z.string().optional(),
});
export type FactRef = z.infer<typeof FactRef>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Issue = z.object({
  rule: z.string(),
  severity: Severity,
  message: z.string(),
  refs: z.array(FactRef),
  page: z.number().int().optional(),
  expected: z.number().optional(),
  printed: z.number().optional(),
  tolerance: z.number().optional(),
  values: z.record(z.string(), z.number()).optional(),
  sentence: z.string().optional(),
  /** of the refs, the number most likely wrong: the one other error/warning issues also name */
  suspect: FactRef.optional(),
  /** `extraction.*` issues: the cell or amounts the reader did not get, which the identity takes */
  gap: z.object({
    /** the identity that could not be judged (its rule id) */
    rule: z.string(),
    table: z.string(),
    row: z.string().optional(),
    column: z.string().optional(),
    page: z.number().int().optional(),
    /** amounts printed in the table that no fact carries (the first few) */
    unread: z.array(PrintedAmount).optional(),
  }).optional(),
});
export type Issue = z.infer<typeof Issue>;

export const NarrativeSection = z.object({
  heading: z.string(),
  text: z.string(),
  page: z.number().int(),
});
export type NarrativeSection = z.infer<typeof NarrativeSection>;

/** A value of an evaluation form as printed, with its parsed operator/number/unit where it has them. */
export const IndicatorValue = z.object({
  text: z.string(),
  op: z.string().optional(),
  number: z.number().optional(),
  unit: z.string().optional(),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const Indicator = z.object({
  level1: z.string(),
  level2: z.string(),
  level3: z.string(),
  target: IndicatorValue.optional(),
  targetAdjusted: IndicatorValue.optional(),
  actual: IndicatorValue.optional(),
  /** 分值 of the indicator */
  weight: z.number().optional(),
  score: z.number().optional(),
  deviation: z.string().optional(),
  page: z.number().int().optional(),
  /** 权重 of the 一级指标 the row belongs to (layouts that print one) */
  level1Weight: z.number().optional(),
});
export type Indicator = z.infer<typeof Indicator>;

export const MoneyRow = z.object({
  label: z.string(),
  declared: z.number().optional(),
  budgetInitial: z.number().optional(),
  budgetFullYear: z.number().optional(),
  executed: z.number().optional(),
  balance: z.number().optional(),
  /** 分值 of the money part (or its 权重 where no 分值 is printed) */
  weight: z.number().optional(),
  /** 执行率 in % */
  executionRate: z.number().optional(),
  score: z.number().optional(),
  /** 执行率 as printed (100, 98.3%, 100.00) */
  executionRatePrinted: z.string().optional(),
});
export type MoneyRow = z.infer<typeof MoneyRow>;

/** A rule of the form's own arithmetic that the printed numbers break (执行率 = 执行数 / 全年预算数, 总分 = Σ 得分 …). */
export const FormCheck = z.object({
  rule: z.string(),
  message: z.string(),
  expected: z.number().optional(),
  printed: z.number().optional(),
  page: z.number().int().optional(),
});
export type FormCheck = z.infer<typeof FormCheck>;

export const EvaluationForm = z.object({
  key: z.string(),
  layout: z.enum(['a', 'b']),
  project: z.string(),
  department: z.string().optional(),
  departmentCode: z.string().optional(),
  unit: z.string().optional(),
  pages: z.array(z.number().int()),
  money: z.array(MoneyRow),
  goal: z.string().optional(),
  achieved: z.string().optional(),
  indicators: z.array(Indicator),
  scoreTotal: z.number().optional(),
  grade: z.enum(['优', '良', '中', '差']).optional(),
  analysis: z.record(z.string(), z.string()),
  /** the form's title line as printed */
  title: z.string().optional(),
  unitCode: z.string().optional(),
  /** money unit of the money block (万元 unless the form says otherwise) */
  moneyUnit: z.string().optional(),
  /** 分值 printed in the 总分 row */
  weightTotal: z.number().optional(),
  /** the form's own arithmetic, where it does not hold: reported as printed, never corrected */
  checks: z.array(FormCheck).optional(),
  /** 备注 lines printed under the form */
  remarks: z.array(z.string()).optional(),
});
export type EvaluationForm = z.infer<typeof EvaluationForm>;

export const PageInfo = z.object({
  page: z.number().int(),
  width: z.number(),
  height: z.number(),
  source: z.enum(['text', 'ocr', 'sheet', 'blank']),
  ocrConfidence: z.number().optional(),
  /** degrees added to the page's own rotation so its text reads left to right: its boxes are in that frame */
  turn: z.number().optional(),
  /** degrees an OCR'd page's image was turned by (deskewed) before reading: its facts' boxes are in that frame */
  skew: z.number().optional(),
  /** pictures on a text page read by OCR (tables pasted as pictures) */
  ocrPictures: z.number().int().optional(),
});
export type PageInfo = z.infer<typeof PageInfo>;

export const Extraction = z.object({
  document: DocumentInfo,
  tables: z.array(TableRecord),
  facts: z.array(Fact),
  issues: z.array(Issue),
  forms: z.array(EvaluationForm),
  narrative: z.array(NarrativeSection),
  pages: z.array(PageInfo),
  /** the 目录 entries the document lists, as printed */
  contents: z.array(z.string()).optional(),
  warnings: z.array(z.string()),
  pipeline: z.object({ name: z.literal('yjsgk'), version: z.string(), ms: z.number().optional() }),
});
export type Extraction = z.infer<typeof Extraction>;
