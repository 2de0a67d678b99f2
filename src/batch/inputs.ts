/**
 * Batch inputs: folders (walked recursively), glob patterns and plain files → the disclosures to read, each
 * with the output stem it is written under (its path below the common folder, so 2023/财政局.pdf and
 * 2024/财政局.pdf do not overwrite each other).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const INPUT_EXTENSIONS = /\.(pdf|xlsx|xls)$/i;

export interface BatchInput {
  /** absolute path: the file's key in the manifest and the dataset */
  path: string;
  /** output name without extension */
  stem: string;
}

/** A file an argument named or a folder held that is not read, with the reason (every input is accounted for). */
export interface SkippedInput {
  path: string;
  reason: string;
}

export const NOT_AN_INPUT = 'not a PDF or workbook';

/** Walks a folder, following symbolic links (a folder reached twice, e.g. through a link loop, is walked once). */
async function walk(dir: string, out: string[], skipped: SkippedInput[], seen: Set<string>): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.name.startsWith('.')) {
      skipped.push({ path: p, reason: 'hidden' });
      continue;
    }
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const s = await stat(p);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch {
        skipped.push({ path: p, reason: 'broken symbolic link' });
        continue;
      }
    }
    if (isDir) await walk(p, out, skipped, seen);
    else if (isFile && INPUT_EXTENSIONS.test(e.name)) out.push(p);
    else skipped.push({ path: p, reason: isFile ? NOT_AN_INPUT : 'not a regular file' });
  }
}

/**
 * Expands the arguments of `yjsgk batch`. A plain file is taken whatever its extension (a misnamed file gets its
 * own error line); folders and globs contribute .pdf/.xlsx/.xls files and list the others in `skipped`.
 * Symbolic links are followed. Arguments that match nothing are returned in `missing`.
 */
export async function expandInputs(args: string[]): Promise<{ inputs: BatchInput[]; missing: string[]; skipped: SkippedInput[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: SkippedInput[] = [];
  const seen = new Set<string>();
  for (const a of args) {
    let s: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      s = await stat(a);
    } catch {
      s = null;
    }
    if (s?.isDirectory()) {
      const found: string[] = [];
      await walk(a, found, skipped, seen);
      files.push(...found);
    } else if (s?.isFile()) files.push(a);
    else if (isDynamicPattern(a)) {
      const all = await glob(a, { absolute: true, onlyFiles: true, expandDirectories: false, followSymbolicLinks: true });
      const found = all.filter((f) => INPUT_EXTENSIONS.test(f));
      for (const f of all) if (!INPUT_EXTENSIONS.test(f)) skipped.push({ path: f, reason: NOT_AN_INPUT });
      if (found.length) files.push(...found);
      else missing.push(a);
    } else missing.push(a);
  }
  const abs = [...new Set(files.map((f) => path.resolve(f)))].sort();
  return { inputs: withStems(abs), missing, skipped };
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

/** The file's content hash: the key of a document in the dataset and of a job in the queue. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}
