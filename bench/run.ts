/**
 * `npm run bench`: speed and memory of the pipeline, each printed as a ratio against a baseline measured in the
 * same run on the same files. Sections: pipeline (text layer), validate, ocr, batch, review. `npm run bench -- ocr` runs one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECTIONS = ['pipeline', 'validate', 'ocr', 'batch', 'review'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const s of SECTIONS) {
  if (wanted.length && !wanted.includes(s)) continue;
  const file = path.join(here, `${s}.ts`);
  if (!existsSync(file)) continue;
  console.log(`\n== ${s}`);
  const mod = (await import(pathToFileURL(file).href)) as { run: () => Promise<void> };
  await mod.run();
}
