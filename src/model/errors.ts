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
  const msg = err instanceof Error ? err.message : String(err);
  return new InputError(file, 'failed', msg.replace(/\s+/g, ' ').trim() || 'unknown error');
}
