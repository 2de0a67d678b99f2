import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { InputError } from '../src/model/errors.js';
import { runExtract } from '../src/cli/extract.js';
import { miniPdf } from './helpers/minipdf.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-bad-'));
const file = (name: string, data: Uint8Array | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};

async function failure(p: string): Promise<InputError> {
  try {
    await extract(p);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error(`${p} was accepted`);
}

describe('bad input gives one line naming the file and the reason', () => {
  it('a file that is not a PDF', async () => {
    const e = await failure(file('notes.pdf', 'just some text, not a pdf\n'));
    expect(e.code).toBe('not_pdf');
    expect(e.message).toContain('notes.pdf');
    expect(e.message).not.toContain('\n');
  });

  it('a zero-byte file', async () => {
    const e = await failure(file('empty.pdf', new Uint8Array()));
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(/empty\.pdf: .*0 bytes/);
  });

  it('a truncated PDF', async () => {
    const good = await miniPdf();
    const e = await failure(file('cut.pdf', good.subarray(0, Math.floor(good.length / 3))));
    expect(['truncated', 'corrupt']).toContain(e.code);
    expect(e.message).toContain('cut.pdf');
  });

  it('a corrupt PDF', async () => {
    const e = await failure(file('broken.pdf', '%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 9 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'));
    expect(e.code).toBe('corrupt');
    expect(e.message).toContain('broken.pdf');
  });

  it('an encrypted PDF', async () => {
    const e = await failure(file('secret.pdf', await miniPdf({ userPassword: 'pw' })));
    expect(e.code).toBe('encrypted');
    expect(e.message).toMatch(/secret\.pdf: encrypted/);
  });

  it('a missing file', async () => {
    const e = await failure(path.join(dir, 'nope.pdf'));
    expect(e.code).toBe('not_found');
  });

  it('the CLI reports each failure on its own line, still converts the good file, and exits non-zero', async () => {
    const good = file('good.pdf', await miniPdf());
    const bad = file('bad.pdf', 'nope');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runExtract([bad, good], { out: path.join(dir, 'out'), format: 'json', ocr: 'never' }, (s) => out.push(s), (s) => err.push(s));
    expect(code).toBe(1);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/^FAIL .*bad\.pdf: not a PDF/);
    // the good file is a one-page PDF with a line of text and no disclosure table: read, with a warning
    expect(err[1]).toMatch(/^warning .*good\.pdf: no disclosure table found in 1 pages/);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^ok {3}.*good\.pdf: .* tables, .* facts/);
  });
});
