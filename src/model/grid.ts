/**
 * The grid every table builder produces (lattice from ruling lines, stream from alignment) and a workbook's
 * sheet carries ready-made: a matrix of cells with spans. Later stages only see this shape, so builders are
 * interchangeable.
 */
import type { Box } from './schema.js';

export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  box?: Box;
  /** lowest OCR confidence of the words in the cell */
  conf?: number;
  /** the page the cell is printed on, where that is not its grid's (a sheet's right-hand columns joined to the
   * rows of their left-hand page) */
  page?: number;
}

export interface Grid {
  page: number;
  box: Box;
  nRows: number;
  nCols: number;
  /** origin cells only */
  cells: GridCell[];
  /** column boundaries (nCols + 1), when known */
  colX?: number[];
  method: 'lattice' | 'stream' | 'sheet';
}
