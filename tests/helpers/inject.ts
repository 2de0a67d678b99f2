/**
 * Fault injection into a real PDF: edits of its page content streams through qpdf's JSON (qpdf ≥ 11:
 * --json-output, --update-from-json) and page moves through qpdf --pages. A text-showing operator (TJ/Tj) is
 * found by its decoded text (ToUnicode for CID fonts, the byte values for simple fonts) and replaced or blanked;
 * nothing is copied from the document into the repository — the faulty copy is made at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Edit =
  /** replace the n-th (default first) text operator whose text is `find` (optionally on a line containing `line`) */
  | { page: number; find: string; replace: string; nth?: number; all?: boolean; line?: string }
  /** blank every text operator of the line (same baseline) whose text contains `containing` */
  | { page: number; blankLine: string };

type Obj = Record<string, unknown>;
type Objects = Record<string, Obj>;

function cmapOf(data: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => parseInt(h, 16);
  const str = (h: string) => {
    let s = '';
    for (let i = 0; i + 4 <= h.length; i += 4) s += String.fromCharCode(hex(h.slice(i, i + 4)));
    return s;
  };
  for (const block of data.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(hex(m[1]), str(m[2]));
  }
  for (const block of data.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const [a, b, d] = [hex(m[1]), hex(m[2]), hex(m[3])];
      for (let c = a; c <= b; c++) map.set(c, String.fromCharCode(d + c - a));
    }
  }
  return map;
}

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('latin1');
const ref = (v: unknown) => (typeof v === 'string' && / 0 R$/.test(v) ? `obj:${v}` : null);

/** Decoded text of a TJ array or Tj string under a font (a CMap for CID fonts, null for simple fonts). */
function decode(operand: string, cmap: Map<number, string> | null): string {
  let out = '';
  for (const m of operand.matchAll(/\(((?:[^()\\]|\\.)*)\)|<([0-9a-fA-F]*)>/g)) {
    if (m[1] !== undefined) out += m[1].replace(/\\(.)/g, '$1');
    else if (m[2] !== undefined) {
      const h = m[2];
      const step = cmap ? 4 : 2;
      for (let i = 0; i + step <= h.length; i += step) {
        const code = parseInt(h.slice(i, i + step), 16);
        out += cmap ? cmap.get(code) ?? '' : String.fromCharCode(code);
      }
    }
  }
  return out;
}

interface Shown {
  start: number;
  end: number;
  text: string;
  y: number;
}

function shows(content: string, fonts: Map<string, Map<number, string> | null>): Shown[] {
  const out: Shown[] = [];
  let font: Map<number, string> | null = null;
  let y = 0;
  const re = /\/([^\s/]+)\s+[\d.]+\s+Tf|(?:[-\d.]+\s+){5}([-\d.]+)\s+Tm|[-\d.]+\s+([-\d.]+)\s+T[dD]|(\[(?:[^\]()\\]|\\.|\((?:[^()\\]|\\.)*\))*\])\s*TJ|(\((?:[^()\\]|\\.)*\)|<[0-9a-fA-F]*>)\s*Tj/g;
  for (const m of content.matchAll(re)) {
    if (m[1] !== undefined) font = fonts.get(m[1]) ?? null;
    else if (m[2] !== undefined) y = Number(m[2]);
    else if (m[3] !== undefined) y += Number(m[3]);
    else {
      const operand = m[4] ?? m[5];
      out.push({ start: m.index!, end: m.index! + m[0].length, text: decode(operand, font), y: Math.round(y) });
    }
  }
  return out;
}

/** Copies `src` with the edits applied and the pages in `order` (1-based, default as they are); returns the path. */
export function injectFaults(src: string, edits: Edit[], order?: number[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-inject-'));
  const json = path.join(dir, 'doc.json');
  execFileSync('qpdf', ['--json-output', '--json-stream-data=inline', '--decode-level=generalized', '--json-key=qpdf', '--json-key=pages', src, json]);
  const doc = JSON.parse(readFileSync(json, 'latin1')) as { qpdf: [Obj, Objects]; pages: { object: string; contents: string[] }[] };
  const objects = doc.qpdf[1];
  const patch: Objects = {};
  const byPage = new Map<number, Edit[]>();
  for (const e of edits) byPage.set(e.page, [...(byPage.get(e.page) ?? []), e]);
  for (const [pageNo, pageEdits] of byPage) {
    const page = doc.pages[pageNo - 1];
    if (!page || page.contents.length !== 1) throw new Error(`${src}: page ${pageNo} has no single content stream`);
    const pageDict = (objects[`obj:${page.object}`].value ?? {}) as Obj;
    let res = pageDict['/Resources'] as Obj | string;
    if (typeof res === 'string') res = objects[ref(res)!].value as Obj;
    let fontDict = (res as Obj)['/Font'] as Obj | string;
    if (typeof fontDict === 'string') fontDict = objects[ref(fontDict)!].value as Obj;
    const fonts = new Map<string, Map<number, string> | null>();
    for (const [name, r] of Object.entries(fontDict)) {
      const f = objects[ref(r)!]?.value as Obj | undefined;
      const tu = f?.['/ToUnicode'];
      const stream = tu ? (objects[ref(tu)!]?.stream as Obj | undefined) : undefined;
      fonts.set(name.slice(1), f?.['/Subtype'] === '/Type0' && stream ? cmapOf(unb64(stream.data as string)) : null);
    }
    const key = `obj:${page.contents[0]}`;
    const stream = objects[key].stream as { dict: Obj; data: string };
    let content = unb64(stream.data);
    const ops = shows(content, fonts);
    const changes: { start: number; end: number; text: string }[] = [];
    for (const e of pageEdits) {
      if ('blankLine' in e) {
        const ys = new Set(ops.filter((o) => o.text.includes(e.blankLine)).map((o) => o.y));
        const lines = new Map<number, string>();
        for (const o of ops) lines.set(o.y, (lines.get(o.y) ?? '') + o.text);
        for (const [y, t] of lines) if (t.includes(e.blankLine)) ys.add(y);
        if (!ys.size) throw new Error(`page ${pageNo}: no line with ${e.blankLine}`);
        for (const o of ops) if (ys.has(o.y)) changes.push({ start: o.start, end: o.end, text: '[()] TJ' });
        continue;
      }
      const lineText = (y: number) => ops.filter((o) => o.y === y).map((o) => o.text).join('');
      // the text may be shown by one operator or by consecutive ones on one baseline (202 | 4)
      const hits: Shown[][] = [];
      for (let i = 0; i < ops.length; i++) {
        let t = '';
        for (let j = i; j < ops.length && ops[j].y === ops[i].y; j++) {
          t += ops[j].text;
          if (!e.find.startsWith(t)) break;
          if (t === e.find) {
            if (!e.line || lineText(ops[i].y).includes(e.line)) hits.push(ops.slice(i, j + 1));
            break;
          }
        }
      }
      const chosen = e.all ? hits : [hits[(e.nth ?? 1) - 1]].filter(Boolean);
      if (!chosen.length) throw new Error(`page ${pageNo}: no text operator showing ${e.find}`);
      for (const run of chosen) run.forEach((o, k) => changes.push({ start: o.start, end: o.end, text: k ? '[()] TJ' : `[(${e.replace})] TJ` }));
    }
    for (const c of changes.sort((a, b) => b.start - a.start)) content = content.slice(0, c.start) + c.text + content.slice(c.end);
    const dict = { ...stream.dict };
    delete dict['/Filter'];
    delete dict['/DecodeParms'];
    delete dict['/Length'];
    patch[key] = { stream: { dict, data: b64(content) } };
  }
  const patchFile = path.join(dir, 'patch.json');
  writeFileSync(patchFile, JSON.stringify({ qpdf: [{ jsonversion: 2, pushedinheritedpageresources: false, calledgetallpages: false, maxobjectid: 0 }, patch] }));
  const edited = path.join(dir, 'edited.pdf');
  execFileSync('qpdf', [src, `--update-from-json=${patchFile}`, edited]);
  if (!order) return edited;
  const out = path.join(dir, path.basename(src).replace(/\.pdf$/, '-faults.pdf'));
  execFileSync('qpdf', [edited, '--pages', edited, order.join(','), '--', out]);
  return out;
}
