/**
 * Writing outputs so that a crash or kill never leaves a half-written file: write to a temporary name beside
 * the target, then rename.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeAtomic(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function writeTextAtomic(file: string, text: string): Promise<void> {
  return writeAtomic(file, (tmp) => writeFile(tmp, text, 'utf8'));
}
