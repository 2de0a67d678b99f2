/**
 * `yjsgk review OUT_DIR` (after `batch`): the index page over the documents of a batch, and each document's
 * review page where the batch did not write one. `yjsgk schema`: the JSON Schema of the output.
 */
import type { Command } from 'commander';
import { writeReview } from '../batch/review.js';
import { outputJsonSchema } from '../export/schema.js';

export function registerReview(program: Command): void {
  program
    .command('review')
    .description('write OUT_DIR/review.html: an index of the documents of a batch, linking to each one\'s review page')
    .argument('<out_dir>', 'the --out folder of `yjsgk batch`')
    .option('--force', 'rewrite document pages that exist already')
    .action(async (dir: string, o: { force?: boolean }) => {
      const r = await writeReview(dir, { force: o.force, progress: (s) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${s}`) });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      for (const w of r.warnings) console.error(`yjsgk: ${w}`);
      console.log(`review: ${r.index} (${r.documents} documents, ${r.pagesWritten} pages written)`);
    });
  program
    .command('schema')
    .description('print the JSON Schema of the JSON output (from the zod schemas)')
    .action(() => {
      console.log(JSON.stringify(outputJsonSchema(), null, 2));
    });
}
