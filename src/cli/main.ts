#!/usr/bin/env node
/**
 * The yjsgk command line: extract, batch, queue.
 */
import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { runExtract } from './extract.js';
import { registerBatch } from './batch.js';

const program = new Command();
program.name('yjsgk').description('部门预算/决算公开 PDF and Excel → typed, validated facts').version(VERSION);

const ocrOption = () => new Option('--ocr <mode>', 'OCR pages without a usable text layer').choices(['auto', 'always', 'never']).default('auto');

program
  .command('extract')
  .description('extract disclosures into DIR/<stem>.json / .xlsx / .facts.csv')
  .argument('<files...>', 'PDF, .xlsx or .xls files')
  .option('-o, --out <dir>', 'output directory', 'output')
  .option('-f, --format <list>', 'comma-separated: json,xlsx,csv', 'json,xlsx')
  .addOption(ocrOption())
  .option('--tessdata <dir>', 'directory with chi_sim.traineddata (else TESSDATA_PREFIX, else the system tessdata)')
  .option('--strict', 'exit non-zero when a document has error-level issues')
  .option('--timeout <seconds>', 'time limit per file', '1800')
  .option('--max-memory <MiB>', 'heap limit of the worker thread reading the files', '2048')
  .action(async (files: string[], opts) => {
    const n = (name: string, v: string) => {
      const x = Number(v);
      if (!Number.isFinite(x) || x <= 0) throw new Error(`${name} must be a positive number (got ${v})`);
      return x;
    };
    process.exitCode = await runExtract(files, { ...opts, timeoutMs: n('--timeout', opts.timeout) * 1000, maxMemoryMb: n('--max-memory', opts.maxMemory) });
  });

registerBatch(program, ocrOption);

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`yjsgk: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
