/**
 * Where the shared corpus lives (../shared beside the checkout). Corpus tests run only when it exists.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = process.env.YJSGK_SHARED ?? path.resolve(ROOT, '../shared');
export const HAS_SHARED = existsSync(path.join(SHARED, 'corpus'));
export const corpus = (...p: string[]) => path.join(SHARED, 'corpus', ...p);
export const sample = (...p: string[]) => path.join(ROOT, 'samples', ...p);
