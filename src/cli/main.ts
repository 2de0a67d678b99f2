#!/usr/bin/env node
/**
 * The yjsgk command line: extract, batch, queue.
 */
import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { runExtract } from './extract.js';
import { registerBatch } from './batch.js';
import { registerReview } from './review.js';
import { EXIT, EXIT_HELP, UsageError, loggerFor, parsePages, positiveNumber, stopSignal, withLogOptions } from './common.js';

const program = new Command();
program
  .name('yjsgk')
  .description('部门预算/决算公开 PDF and Excel → typed, validated facts')
  .version(VERSION)
  .addHelpText('after', EXIT_HELP)
  // commander's own usage errors (unknown option, missing argument) exit 2 like ours
  .exitOverride((err) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(EXIT.ok);
    process.exit(EXIT.usage);
  });

const ocrOption = () => new Option('--ocr <mode>', 'OCR pages without a usable text layer').choices(['auto', 'always', 'never']).default('auto');

withLogOptions(
  program
    .command('extract')
    .description('extract disclosures into DIR/<stem>.json / .xlsx / .facts.csv / .html (review page) (- reads stdin; --out - writes to stdout)')
    .argument('<files...>', 'PDF, .xlsx or .xls files, folders or globs; - for stdin')
    .option('-o, --out <dir>', 'output directory, or - for stdout (JSON, or facts CSV with -f csv)', 'output')
    .option('-f, --format <list>', 'comma-separated: json,xlsx,csv,html', 'json,xlsx')
    .addOption(ocrOption())
    .option('--tessdata <dir>', 'directory with chi_sim.traineddata (else TESSDATA_PREFIX, else the system tessdata)')
    .option('--password <password>', 'password of an encrypted PDF')
    .option('--pages <list>', 'read only these PDF pages, e.g. 1-3,7')
    .option('--strict', 'exit 1 when a document has error-level issues or no disclosure table')
    .option('--timeout <seconds>', 'time limit per file', '1800')
    .option('--max-memory <MiB>', 'heap limit of the reader process reading each file (stdin too)', '2048'),
).action(async (files: string[], opts) => {
  const logger = loggerFor(opts, { resultsToStderr: opts.out === '-' });
  const stop = stopSignal(logger, 'the file in hand is dropped');
  const code = await runExtract(files, {
    ...opts, pages: parsePages(opts.pages), signal: stop.signal,
    timeoutMs: positiveNumber('--timeout', opts.timeout)! * 1000, maxMemoryMb: positiveNumber('--max-memory', opts.maxMemory),
  }, logger);
  process.exitCode = stop.exitCode() ?? code;
});

registerBatch(program, ocrOption);
registerReview(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  const usage = e instanceof UsageError;
  loggerFor({}).error(`yjsgk: ${e instanceof Error ? e.message : String(e)}`, { event: 'error', usage });
  process.exitCode = usage ? EXIT.usage : EXIT.failed;
});
