/**
 * OCR gives the same facts every time: the same scan read twice at once — one reading with a single recogniser,
 * the other with three, while another thread keeps a core busy — gives byte-identical pages and facts. What the
 * engine reads must not depend on which worker took an image or finished first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { CONDITIONS, scanUnder } from '../scripts/scan/matrix.js';
import { sample } from './helpers/shared.js';
import { HAS_SCAN_TOOLS } from './helpers/tools.js';

const HAS_TOOLS = HAS_SCAN_TOOLS;

/** A thread that spins until told to stop (a loaded machine). */
function cpuHog(): Worker {
  return new Worker('const s = new Int32Array(new SharedArrayBuffer(4)); for (;;) { for (let i = 0; i < 1e7; i++) s[0] += i; }', { eval: true });
}

describe.skipIf(!HAS_TOOLS)('OCR is deterministic', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'yjsgk-determinism-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the same seal-and-skew scan read with 1 and with 3 recognisers, under load, gives identical facts and words', async () => {
    const file = path.join(work, 'seal.pdf');
    // 公开02表 收入决算表 under a red seal, turned 2°, in colour: the hardest page of the slice (second readings run)
    scanUnder(sample('fenyang-2024-final.pdf'), file, CONDITIONS.find((c) => c.name === 'seal-skew-2-colour')!, [6]);
    const data = new Uint8Array(readFileSync(file));
    const hog = cpuHog();
    try {
      const [one, three] = await Promise.all([
        extract({ name: 'seal.pdf', data }, { ocrWorkers: 1 }),
        extract({ name: 'seal.pdf', data }, { ocrWorkers: 3 }),
      ]);
      expect(one.facts.length).toBeGreaterThan(40);
      expect(JSON.stringify(three.pages)).toBe(JSON.stringify(one.pages));
      expect(JSON.stringify(three.facts)).toBe(JSON.stringify(one.facts));
      expect(JSON.stringify(three.issues)).toBe(JSON.stringify(one.issues));
    } finally {
      await hog.terminate();
    }
  }, 600_000);
});
