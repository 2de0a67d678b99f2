/**
 * The zip package of an .xlsx, read and checked with Node's zlib before exceljs or SheetJS see it: SheetJS's own
 * zip reader spins for ever on some damaged deflate data (one flipped byte in a compressed worksheet), and exceljs
 * fails with "Bug : uncompressed data size mismatch". A package whose entries do not inflate to their recorded
 * size and CRC is refused here with a reason naming the entry.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { InputError, libraryDetail } from '../model/errors.js';
import { LIMITS, overLimit } from '../model/limits.js';

export interface ZipPart {
  name: string;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of the package (from its central directory), inflated and checked. */
export function readZip(file: string, bytes: Uint8Array): ZipPart[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string) => new InputError(file, 'corrupt', `not a readable .xlsx workbook: its zip package is damaged (${why})`);
  // the end-of-central-directory record: in the last 64 KiB + 22 bytes
  let eocd = -1;
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 65_557); p--) {
    if (buf.readUInt32LE(p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw bad('no central directory: the file is cut short or not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const parts: ZipPart[] = [];
  const maxBytes = LIMITS.partBytes.value;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad(`central directory entry ${i + 1} is not where it should be`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const stored = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // a damaged directory can give a "name" of binary bytes (fuzz 1065: 18 lines of them in the reason): the
    // messages then name the entry by its place
    const name = /^[^\u0000-\u001f\u007f\ufffd]{1,200}$/.test(stored) ? stored : `number ${i + 1} (its name is damaged)`;
    p += 46 + nameLen + extraLen + commentLen;
    if (stored.endsWith('/')) continue;
    if (usize > maxBytes) throw new InputError(file, 'too_large', `the workbook part ${name} is ${usize} bytes, ${overLimit('partBytes')}`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw bad(`entry ${name} is not where the directory says`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    if (raw.length < csize) throw bad(`entry ${name} is cut short`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, usize) });
      } catch (err) {
        // zlib stops at the recorded size: more data than that is damage too, said so
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bad(`entry ${name} inflates to more than its recorded ${usize} bytes`);
        throw bad(`entry ${name} does not inflate: ${libraryDetail(err)}`);
      }
    } else throw bad(`entry ${name} uses compression method ${method}`);
    if (data.length !== usize || crc32(data) !== crc) throw bad(`entry ${name} fails its size or CRC check`);
    parts.push({ name: stored, data });
  }
  return parts;
}
