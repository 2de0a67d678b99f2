/** An input that cannot be read: the message names the file and the reason, on one line. */
export type InputErrorCode =
  | 'not_found'
  | 'empty'
  | 'not_pdf'
  | 'truncated'
  | 'corrupt'
  | 'encrypted'
  | 'too_large'
  | 'unsupported'
  | 'timeout'
  | 'ocr_data_missing'
  | 'failed';

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly code: InputErrorCode,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'InputError';
  }
}

/** One line, naming the file, for any error thrown while a file was processed. */
export function describeError(file: string, err: unknown): InputError {
  if (err instanceof InputError) return err;
  // not one of the failures the stages name: said as such, with the message as the detail
  return new InputError(file, 'failed', `unexpected error while reading the file (${libraryDetail(err)})`);
}

/** A library's message as a detail in parentheses: one line, bounded length. */
export function libraryDetail(err: unknown): string {
  const e = err as { name?: string; message?: string };
  const msg = (e?.message ?? String(err)).replace(/\s+/g, ' ').trim() || 'no message';
  return msg.length > 160 ? `${msg.slice(0, 157)}...` : msg;
}
