/**
 * Pages whose text does not run left to right on the page as displayed: a landscape table drawn turned on a
 * portrait page (Windows printer drivers print landscape this way), or a /Rotate the content does not undo (a
 * page turned by a viewer and saved). The reader turns each such page back and reads the same facts as from the
 * upright print. The turned files are made at test time by real tools (qpdf, poppler's cairo backend).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { toJson } from '../src/export/index.js';
import { readingTurn } from '../src/sources/pdf.js';
import { hasTool } from './helpers/tools.js';
import { corpus, HAS_SHARED, sample, SHARED } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const HAS_QPDF = hasTool('qpdf', ['--version']);
const HAS_CAIRO = hasTool('pdftocairo', ['-v']);
const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-turned-'));

/** The file turned by `degrees` with /Rotate only: its text now runs down (or up) the page as displayed. */
function turned(file: string, degrees: number, name: string): string {
  const out = path.join(dir, name);
  execFileSync('qpdf', [`--rotate=${degrees > 0 ? '+' : ''}${degrees}`, file, out]);
  return out;
}

/** The file printed landscape the printer-driver way: displayed upright, its text drawn turned in the page's space. */
function drawnTurned(file: string, name: string): string {
  const sideways = turned(file, 90, `side-${name}`);
  const baked = path.join(dir, `baked-${name}`);
  execFileSync('pdftocairo', ['-pdf', sideways, baked]);
  return turned(baked, -90, name);
}

describe('text that runs down or up the page', () => {
  it('a page is turned when most of its characters run one way other than left to right', () => {
    expect(readingTurn([{ dx: 10, dy: 0, chars: 200 }])).toBe(0);
    expect(readingTurn([{ dx: 0, dy: 10, chars: 200 }])).toBe(270);
    expect(readingTurn([{ dx: 0, dy: -10, chars: 200 }])).toBe(90);
    expect(readingTurn([{ dx: -10, dy: 0, chars: 200 }])).toBe(180);
    // a few words printed up a margin do not turn an upright page
    expect(readingTurn([{ dx: 10, dy: 0, chars: 150 }, { dx: 0, dy: -10, chars: 60 }])).toBe(0);
    expect(readingTurn([{ dx: 0, dy: 10, chars: 8 }])).toBe(0);
  });

  it.skipIf(!HAS_QPDF)('the Fenyang sample turned a quarter (/Rotate 90) gives the facts of its truth, its pages marked turned', async () => {
    const truth = JSON.parse(readFileSync(sample('fenyang-2024-final.truth.json'), 'utf8')) as Truth;
    const doc = await extract(turned(sample('fenyang-2024-final.pdf'), 90, 'fenyang-90.pdf'), { ocr: 'never' });
    const s = score(doc, truth);
    expect(s.recall, s.misses.slice(0, 10).join('; ')).toBeGreaterThanOrEqual(0.99);
    expect(s.precision, s.wrong.slice(0, 10).join('; ')).toBeGreaterThanOrEqual(0.99);
    expect(doc.pages.filter((p) => p.turn === 270).length).toBeGreaterThan(5);
  });

  it.skipIf(!HAS_QPDF)('turned upside down (/Rotate 180) it reads the same', async () => {
    const truth = JSON.parse(readFileSync(sample('fenyang-2024-final.truth.json'), 'utf8')) as Truth;
    const doc = await extract(turned(sample('fenyang-2024-final.pdf'), 180, 'fenyang-180.pdf'), { ocr: 'never' });
    expect(score(doc, truth).recall).toBeGreaterThanOrEqual(0.99);
  });

  const HAS_COVERAGE = HAS_SHARED && HAS_QPDF && HAS_CAIRO && hasTool('python3', ['--version']);
  // three families: Excel-exported 湖州 tables, 西安's per-unit tables, a Jiangsu budget with a text part
  const REAL = ['huzhou-tuiyi-2026-budget', 'xian-xuanchuan-2026-budget', 'jiangsu-jcy-2019-budget'];
  const coverage = (json: string, pdf: string) =>
    JSON.parse(execFileSync('python3', [path.join(SHARED, 'spec/coverage.py'), json, pdf], { encoding: 'utf8' })) as { coverage_all: number };

  it.skipIf(!HAS_COVERAGE).each(REAL)('real budget %s, turned either way: every printed amount of its tables is still a fact', async (stem) => {
    const src = corpus('budget', `${stem}.pdf`);
    for (const pdf of [turned(src, 90, `${stem}-90.pdf`), drawnTurned(src, `${stem}-drawn.pdf`)]) {
      const doc = await extract(pdf, { ocr: 'never' });
      const json = `${pdf}.json`;
      writeFileSync(json, toJson(doc));
      expect(coverage(json, pdf).coverage_all, path.basename(pdf)).toBeGreaterThanOrEqual(0.995);
    }
  });
});
