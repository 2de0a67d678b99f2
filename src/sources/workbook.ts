/**
 * Excel source: .xlsx (exceljs) and .xls workbooks → the same grids and segmentation as the PDF path.
 */
import { InputError } from '../model/errors.js';
import type { PageInfo } from '../model/schema.js';
import type { Segmented } from '../segment/segment.js';

export async function readWorkbook(name: string, _data: Uint8Array, format: 'xlsx' | 'xls'): Promise<{ segmented: Segmented; pages: PageInfo[] }> {
  throw new InputError(name, 'unsupported', `${format} input is not supported yet`);
}
