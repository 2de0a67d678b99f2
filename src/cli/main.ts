#!/usr/bin/env node
/**
 * The yjsgk command line: extract, batch, queue.
 */
import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { runExtract } from './extract.js';
import { registerBatch } from './batch.js';
import { registerReview } from './review.js';

const program = new Command();
program.name('yjsgk').description('部门预算/决算公开 PDF and Excel → typed, validated facts').version(VERSION);

const ocrOption = () => new Option('--ocr <mode>', 'OCR pages without a usable text layer').choices(['auto', 'always', 'never']).default('auto');

program
  .command('extract')
  .description('extract disclosures into DIR/<stem>.json / .xlsx / .facts.csv / .html (review page)')
  .argument('<files...>', 'PDF, .xlsx or .xls files')
  .option('-o, --out <dir>', 'output directory', 'output')
  .option('-f, --format <list>', 'comma-separated: json,xlsx,csv,html', 'json,xlsx')
  .addOption(ocrOption())
  .option('--tessdata <dir>', 'directory with chi_sim.traineddata (else TESSDATA_PREFIX, else the system tessdata)')
  .option('--strict', 'exit non-zero when a document has error-level issues')
  .action(async (files: string[], opts) => {
    process.exitCode = await runExtract(files, opts);
  });

registerBatch(program, ocrOption);
registerReview(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`yjsgk: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
