/**
 * A batch worker thread: reads one disclosure at a time (CPU-bound parsing and OCR) and posts the typed
 * document back as JSON. The pool starts it, gives it jobs, and replaces it when it fails, runs out of memory or
 * overruns its time.
 */
import { parentPort } from 'node:worker_threads';
import { extract } from '../api.js';
import { InputError, describeError } from '../model/errors.js';
import { limitText, type WorkerJob, type WorkerMessage } from './pool.js';

const port = parentPort;
if (!port) throw new Error('src/batch/worker is a worker thread entry');

// a rejection inside pdf.js, tesseract.js or a workbook reader that no promise of ours awaits (pdf.js rejects
// some internal promises of a damaged document nobody listens to) must not crash the worker: the file's own
// promise settles (or its time limit stops it) and decides its result
process.on('unhandledRejection', () => undefined);

port.on('message', (job: WorkerJob) => {
  void run(job);
});

async function run(job: WorkerJob): Promise<void> {
  const post = (m: WorkerMessage) => port!.postMessage(m);
  const ac = new AbortController();
  const timer = setTimeout(
    () => ac.abort(new InputError(job.file, 'timeout', `took longer than the ${limitText(job.timeoutMs)} limit per file (raise it with --timeout)`)),
    job.timeoutMs,
  );
  try {
    const doc = await extract(job.file, {
      ocr: job.ocr,
      tessdata: job.tessdata,
      ...(job.ocrWorkers ? { ocrWorkers: job.ocrWorkers } : {}),
      ...(job.password !== undefined ? { password: job.password } : {}),
      ...(job.pages ? { pages: job.pages } : {}),
      ...(job.maxImageSize ? { maxImageSize: job.maxImageSize } : {}),
      signal: ac.signal,
      onPage: (page, total) => post({ type: 'page', id: job.id, page, total }),
    });
    await settle();
    post({ type: 'done', id: job.id, json: JSON.stringify(doc) });
  } catch (err) {
    const e = describeError(job.file, ac.signal.aborted && ac.signal.reason instanceof InputError ? ac.signal.reason : err);
    await settle();
    post({ type: 'failed', id: job.id, code: e.code, reason: e.reason });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lets tasks this file left behind run before its result is posted: an error they throw crashes the worker while
 * the file is still its current job, so the crash is charged to this file and never to the next one.
 */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

port.postMessage({ type: 'ready' } satisfies WorkerMessage);
