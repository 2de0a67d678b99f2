/**
 * Batch inputs: folders (walked recursively), glob patterns and plain files → the disclosures to read, each
 * with the output stem it is written under (its path below the common folder, so 2023/财政局.pdf and
 * 2024/财政局.pdf do not overwrite each other).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const INPUT_EXTENSIONS = /\.(pdf|xlsx|xls)$/i;

export interface BatchInput {
  /** absolute path: the file's key in the manifest and the dataset */
  path: string;
  /** output name without extension */
  stem: string;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && INPUT_EXTENSIONS.test(e.name)) out.push(p);
  }
}

/**
 * Expands the arguments of `yjsgk batch`. A plain file is taken whatever its extension (a misnamed file gets its
 * own error line); folders and globs contribute .pdf/.xlsx/.xls files. Arguments that match nothing are returned
 * in `missing`.
 */
export async function expandInputs(args: string[]): Promise<{ inputs: BatchInput[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const a of args) {
    let s: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      s = await stat(a);
    } catch {
      s = null;
    }
    if (s?.isDirectory()) {
      const found: string[] = [];
      await walk(a, found);
      files.push(...found);
    } else if (s?.isFile()) files.push(a);
    else if (isDynamicPattern(a)) {
      const found = (await glob(a, { absolute: true, onlyFiles: true, expandDirectories: false })).filter((f) => INPUT_EXTENSIONS.test(f));
      if (found.length) files.push(...found);
      else missing.push(a);
    } else missing.push(a);
  }
  const abs = [...new Set(files.map((f) => path.resolve(f)))].sort();
  return { inputs: withStems(abs), missing };
}

/** Output stems: the path below the folder all inputs share, '/' → '__', extension dropped (unless two would clash). */
export function withStems(files: string[]): BatchInput[] {
  if (!files.length) return [];
  let base = path.dirname(files[0]);
  for (const f of files) {
    while (base !== path.dirname(base) && !f.startsWith(base + path.sep)) base = path.dirname(base);
  }
  const rel = files.map((f) => path.relative(base, f).split(path.sep).join('__'));
  const stems = rel.map((r) => r.replace(/\.(pdf|xlsx|xls)$/i, ''));
  const seen = new Map<string, number>();
  for (const s of stems) seen.set(s.toLowerCase(), (seen.get(s.toLowerCase()) ?? 0) + 1);
  // x.xls beside x.xlsx: both keep their extension in the stem
  return files.map((f, i) => ({ path: f, stem: seen.get(stems[i].toLowerCase())! > 1 ? rel[i] : stems[i] }));
}
