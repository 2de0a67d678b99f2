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
} as const;
