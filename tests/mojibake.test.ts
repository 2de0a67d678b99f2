/**
 * A PDF whose fonts lost their Unicode map (a PDF printed to PostScript and distilled again, an old typesetting
 * system) has a text layer of mojibake: `¢“ëÞ*˜` where the page shows 一般公共预算, and digits that are not the
 * printed ones. Such a page must not give facts from its text: it is read by OCR, or, without OCR, gives nothing
 * and says why. The mojibake file is made at test time by real tools (poppler's pdftops, Ghostscript's ps2pdf).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { textLayerGarbled } from '../src/ocr/textlayer.js';
import type { PageContent } from '../src/model/page.js';
import { sample } from './helpers/shared.js';
import { hasTool } from './helpers/tools.js';

const page = (text: string): PageContent => ({
  page: 1, width: 595, height: 842, rules: [], source: 'text',
  items: text.split(' ').map((str, i) => ({ str, x0: 10 * i, x1: 10 * i + 8, y0: 10, y1: 20, size: 10 })),
});

describe('a text layer that is not the printed text', () => {
  it('mojibake is told from Chinese text, tables of bare numbers and full-width signs', () => {
    expect(textLayerGarbled(page('¢“ëÞ*˜ V¿ ]UW ÷¹cV¹cû ÿ4$cNƒ÷¹cV¹cûÿñ…êG “Ò¥Ð3à û ¥Ð³\\]´ •ý˜»•R‰'))).toMatch(/mojibake/);
    // digits right, names garbled in Latin letters: still not the printed text
    expect(textLayerGarbled(page('30103 Ü 180.14 30108 j£ªJÖ}*\\´1ôdi 1,064.46 30109 |J§di 425.79 30112 ¶nJÃdi 89.55 30113 oúk«i 1,442.74'))).toMatch(/mojibake/);
    expect(textLayerGarbled(page('一般公共预算财政拨款支出决算表 单位：万元 201 一般公共服务支出 1,234.56 × 100% ①'))).toBeUndefined();
    expect(textLayerGarbled(page('2013601 50101 30101 4,695.064898 1,612.29 247.70 5.0% 3,296,600 156,211,123 0 0 0'))).toBeUndefined();
  });

  const HAS_TOOLS = hasTool('pdftops', ['-v']) && hasTool('gs', ['--version']);
  it.skipIf(!HAS_TOOLS)('the Fenyang sample distilled through PostScript: without OCR no fact is made up, each page says why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-mojibake-'));
    execFileSync('pdftops', [sample('fenyang-2024-final.pdf'), path.join(dir, 'f.ps')]);
    execFileSync('ps2pdf', [path.join(dir, 'f.ps'), path.join(dir, 'f.pdf')]);
    const doc = await extract(path.join(dir, 'f.pdf'), { ocr: 'never' });
    expect(doc.facts).toEqual([]);
    expect(doc.warnings.filter((w) => /mojibake|no Unicode/.test(w)).length).toBeGreaterThan(40);
  });
});
