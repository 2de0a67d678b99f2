/**
 * A batch reader process: reads one disclosure at a time (CPU-bound parsing and OCR) and sends the typed
 * document back, or, for a dataset, writes the document's outputs itself and sends only its digest (the dataset
 * rows, built here), so the parent's one thread does no more per file than append rows. The pool starts it
 * (child_process.fork), gives it jobs, and replaces it when it fails, runs out of memory or overruns its time.
 */
import { coverageSummary, extract } from '../api.js';
import { writeOutputs } from '../export/index.js';
import { InputError, describeError, libraryDetail } from '../model/errors.js';
import { documentDigest } from './dataset.js';
import { timeLimitReason, type ReadDigest, type WorkerJob, type WorkerMessage } from './pool.js';
import { documentWarnings } from './warnings.js';

const send = process.send?.bind(process);
if (!send) throw new Error('src/batch/worker is a reader process started by the batch pool (child_process.fork)');

// a rejection inside pdf.js, tesseract.js or a workbook reader that no promise of ours awaits (pdf.js rejects
// some internal promises of a damaged document nobody listens to) must not crash the reader: the file's own
// promise settles (or its time limit stops it) and decides its result
process.on('unhandledRejection', () => undefined);
// the parent went away (killed, or closed the channel): nothing would receive what this reader reads
process.on('disconnect', () => process.exit(0));

process.on('message', (job: WorkerJob) => {
  void run(job);
});

const post = (m: WorkerMessage) => {
  send(m);
};

async function run(job: WorkerJob): Promise<void> {
  const ac = new AbortController();
  const cpu = process.cpuUsage();
  const timer = setTimeout(() => {
    const used = process.cpuUsage(cpu);
    ac.abort(new InputError(job.file, 'timeout', timeLimitReason(job.timeoutMs, (used.user + used.system) / 1000, false)));
  }, job.timeoutMs);
  try {
    const doc = await extract(job.data ? { name: job.file, data: job.data } : job.file, {
      ocr: job.ocr,
      tessdata: job.tessdata,
      ...(job.ocrWorkers ? { ocrWorkers: job.ocrWorkers } : {}),
      ...(job.password !== undefined ? { password: job.password } : {}),
      ...(job.pages ? { pages: job.pages } : {}),
      ...(job.maxImageSize ? { maxImageSize: job.maxImageSize } : {}),
      signal: ac.signal,
      onPage: (page, total) => post({ type: 'page', id: job.id, page, total }),
    });
    let outputError: string | undefined;
    if (job.outputs) {
      const o = job.outputs;
      try {
        await writeOutputs(doc, o.dir, o.stem, o.formats, { input: o.input });
      } catch (err) {
        // an exporter failing on one document fails that document, not the batch
        outputError = `could not write its outputs: ${libraryDetail(err)}`;
      }
    }
    await settle();
    if (job.result === 'digest') {
      const digest: ReadDigest = {
        ...documentDigest(doc), warnings: documentWarnings(doc), coverage: coverageSummary(doc.tables),
        ...(outputError ? { outputError } : {}),
      };
      post({ type: 'done', id: job.id, digest });
    } else post({ type: 'done', id: job.id, json: JSON.stringify(doc) });
  } catch (err) {
    const e = describeError(job.file, ac.signal.aborted && ac.signal.reason instanceof InputError ? ac.signal.reason : err);
    await settle();
    post({ type: 'failed', id: job.id, code: e.code, reason: e.reason });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lets tasks this file left behind run before its result is posted: an error they throw crashes the reader while
 * the file is still its current job, so the crash is charged to this file and never to the next one.
 */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

post({ type: 'ready' });
