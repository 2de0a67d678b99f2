/**
 * Copies of a sample with other bytes but the same document: a comment after a PDF's %%EOF, a ZIP comment in a
 * workbook's end-of-central-directory record. Tests that need many distinct contents (each its own document
 * in the dataset, which keeps one document per content hash) make them with this.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function distinctCopy(src: string, dest: string, tag: string): void {
  const data = readFileSync(src);
  if (data.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    // the end-of-central-directory record without a comment is the last 22 bytes; its comment length is at 20
    const eocd = data.length - 22;
    if (data.readUInt32LE(eocd) !== 0x06054b50) throw new Error(`${src}: a ZIP with a comment already`);
    const comment = Buffer.from(tag, 'latin1');
    const out = Buffer.concat([data, comment]);
    out.writeUInt16LE(comment.length, eocd + 20);
    writeFileSync(dest, out);
  } else writeFileSync(dest, Buffer.concat([data, Buffer.from(`\n% ${tag}\n`, 'latin1')]));
}
