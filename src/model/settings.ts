/**
 * The tolerances of the pipeline, in one object: every distance, share and count a stage compares a page against
 * to decide (points, or shares and multiples of a glyph's size, "em"). A stage reads its own section; nothing else
 * in src/ holds a tolerance inline. The limits on what one input may make expensive are in ./limits.ts (each with
 * its environment variable); the rounding tolerances of the document's arithmetic belong to validation's rules
 * (src/domain/checks.ts).
 */
export const SETTINGS = {
  /** rulings (the lattice builder and the OCR's cell reader share them) */
  ruling: {
    /** points: rules closer than this are one boundary */
    tol: 2,
    /** points: a filled rectangle thinner than this is a rule */
    thin: 2.5,
  },
  /** points, either side: images smaller than this are marks, not pictures the OCR stage might read */
  pictureMin: 36,
  /** how much of a page must run one way before the page is turned to read it (characters, share of them) */
  pageTurn: { minChars: 20, share: 0.6 },
  /**
   * A page that prints a table, whatever the reader made of it (the same idea as ../shared/spec/coverage.py's
   * `unlisted` pages): at least `pairLines` lines holding an amount followed across a gap by another number, or a
   * money-unit line and at least `unitAmounts` amounts.
   */
  tablePage: { pairLines: 4, unitAmounts: 5 },
  /** joining a page of right-hand columns (a sheet wider than its page) to its left-hand page (points) */
  sidePage: {
    /** a row's cells lie this far at most outside the band of the left-hand row they are level with */
    rowTie: 2,
    /** rows at least that tie a page of right-hand columns to its left-hand page */
    minRows: 2,
  },
  /** the safety net of segmentation (shares of the glyph size) */
  unlisted: {
    /** two numbers further apart than this are printed apart (in two cells), not in one phrase */
    pairGap: 1,
    /** words of two lines overlapping by this share of the narrower are in one column */
    columnOverlap: 0.1,
    /** at most this many lines above the first line of amounts are read as the header of a laid-out table */
    headerLines: 3,
    /** a line longer than this many characters outside its numbers is prose, not a table row */
    rowTextMax: 40,
  },
  /** the quality report of a table (points, or shares of a glyph's size) */
  quality: {
    /** a gap between two runs wider than this share of the glyph size separates words */
    wordGap: 0.2,
    /** a wrapped decimal part joins a number above it starting up to this many glyph sizes to either side */
    fragmentReach: 1.5,
    /** … and at most this many glyph sizes above it */
    fragmentRise: 2.5,
    /** a run overlapping two cells by at least this much (points, and share of its width) is cut across them */
    cutOverlap: 1.5,
    cutShare: 0.15,
    /** slack around cell boxes when an amount is placed in a cell (points) */
    cellSlack: 1,
  },
  /** the stream builder: tables printed without ruling lines (em: shares of the font size) */
  stream: {
    /** A column gap is wider than this share of the font size (a space is about 0.25 em). */
    separatorGap: 0.4,
    /** pt: the rounding of glyph positions, so that a gap of exactly the separator width counts as one. */
    gapRounding: 0.05,
    /** Header lines above a body: labels wrapped in narrow columns (三公 tables) run to seven or eight lines, and to
     * thirteen where two characters fit a line (公务/用车/运行/维护/费, staggered under a group label and a period). */
    maxHeaderLines: 16,
    /** Body lines (行次 counters or codes beside names) that make a table of a page holding only one amount. */
    minCountedRows: 4,
    /** Lines without numbers between two body lines: names wrapped over three lines on both sides of a 总表. */
    maxFragmentLines: 4,
    /** More such lines where they hold only pieces of names of up to NAME_PIECE characters (narrow name columns). */
    maxPieceLines: 8,
    namePiece: 4,
    /** em: a line of a wrapped name this close to a row's amounts is part of that row. */
    attachEm: 1.6,
    /** em: a line of a wrapped name further from its row's amounts hangs on to the row by touching one of its lines,
     * this close (the leading of one cell's lines; Writer's are 0.15 em apart) */
    chainGap: 0.5,
    /** em: a fragment line moves to the neighbouring row it touches when that centres both rows' names on their
     * amounts better by more than this */
    recentre: 0.3,
    /** A label is centred over columns when its centre is this share of their width from their middle. */
    centredTol: 0.04,
    /** a run starting within this share of a glyph of an edge is aligned to it */
    alignSlack: 0.15,
    /** lines that must start a run at an edge for it to divide a column, and how far (glyphs) from other boundaries */
    alignMinLines: 3,
    alignMinSplit: 1,
    /** Two header labels this many em apart head two columns (labelledColumns). */
    labelGap: 1,
    /** pt: an amount's right edge and the run starting just after it (labelledColumns) */
    touchEdge: 0.3,
    /** em: how close after an amount's right edge the run of the column beside it starts (labelledColumns) */
    touchStart: 0.5,
    /** Share of the font size two header labels overlap vertically by to stand level, in one header row. */
    levelOverlap: 0.2,
    /** Runs closer than this share of the font size are one word. */
    touchGap: 0.15,
    /** A space in a run is a column gap when it is wider than this many em. */
    stretchedGap: 1,
    /** pt: two ruling segments meeting within this distance are joined end to end (a cell edge), and joints of two
     * rulings this close are at one x */
    jointTol: 1,
    /** em: how far above and below its text a ruling still belongs to the table */
    ruleReach: 2,
    /** Lines further apart than this many em (or this many times the page's typical gap between rows) end a table. */
    rowGapEm: 2.5,
    rowGapTypical: 2,
    /** A header line further above the one below it than this many em (or the row gap above) heads no table. */
    headerGapEm: 2.2,
    /** em: the pieces of a code wrapped in a narrow cell (3010 over 1) stand this close one under the other, their
     * edges this close (the lines of one cell are a fifth of an em apart, two rows' further) */
    wrapGapEm: 0.45,
    wrapAlignEm: 0.15,
  },
  /** normalisation of a table's grids into facts */
  normalize: {
    /**
     * Rows a header may take: a borderless table printed with narrow columns wraps its labels over many lines (公务用车
     * 购置及运行维护费 over 公务用车购置费 in a 三公 table: seven or eight header rows once the stream builder has
     * merged the lines of one level), and a column-number row (1 2 3 …) follows them.
     */
    maxHeaderRows: 9,
    /** A continued page's columns are the first page's when it spans the same width within this share of it. */
    sameWidthShare: 0.03,
    /** Rows in a run of 行次 counters read as amounts: three or more counting up one by one. */
    counterRun: 3,
    /** Characters the tail of a row name broken over a page break may have (the last line of a wrapped name). */
    rowTailChars: 8,
  },
  /** the OCR stage's image clean-up (grey levels 0–255, pixels) */
  ocrImage: {
    /** Colour saturation (max − min channel): below FROM a pixel is grey (print, paper), above TO it is coloured ink. */
    coloured: { from: 14, to: 56 },
    /** Print is dark at its core even under a stamp; a blot this light throughout is what is left of the stamp. */
    residueCore: 110,
    /**
     * A seal scanned in grey: its ink is a mid grey (a red seal's luminance is about 0.4 of the paper's), print is
     * black. The stamp's ink lies in strokes (a ring, a star, its characters) at least `stroke` pixels wide at 200
     * dpi and flat mid grey across; print's thin strokes are V-shaped in a soft scan, dark only at their core, and
     * where the two cross the print is darker still. `flat` is how much the grey may vary across a window of a
     * stamp's stroke, `least`/`most` the range of its grey as a share of the paper's; a stamp's broad strokes (the
     * ring: flat over `radius`) cover at least `area` of the page; its finer strokes are looked for within `near`
     * (pixels at 200 dpi) of them, within `band` of their grey; `reach` is its strokes' soft edge, `gap` half the
     * widest print that may cross a stroke (where the stroke's grey is not flat), `around` the window in which
     * paper shows beside print's strokes.
     */
    greyStamp: { radius: 3, flat: 40, least: 0.28, most: 0.76, area: 0.0015, near: 48, band: 30, reach: 3, gap: 10, around: 4 },
    /** Block size (pixels) of the paper-level estimate, and the spread of paper levels that counts as uneven. */
    lighting: { block: 48, uneven: 18 },
  },
  /** the OCR stage's reading of a page (pixels) */
  ocrPage: {
    pad: 10,
    /** Pixels as dark as Otsu's split between paper and ink a region needs to be read (print, not residue). */
    darkCore: { pixels: 4 },
  },
  /** the OCR stage's ruling finder (pixels) */
  ocrRules: {
    /** How a broken rule is followed: the window (pixels) and the share of it that must show ink on the rule's line. */
    follow: { window: 24, density: 0.35 },
  },
  /** the reader processes of batch, queue work and extract */
  readers: {
    /**
     * Files a reader reads before a fresh process replaces it. A new process compiles pdf.js and the stages again
     * (V8's optimising compiler, on threads beside the reader's): at 25 files that was a quarter of a batch's CPU
     * time (1169 → 897 ms a document at 1000, `npm run bench -- batch`). Memory is bounded apart from this count
     * (an idle reader holding over half its limit is replaced), and 200 documents through two readers that were
     * never replaced grew their peak RSS 1.08×.
     */
    filesEach: 200,
  },
} as const;
