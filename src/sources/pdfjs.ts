/**
 * pdf.js, loaded once for the whole process (main API and the in-process "fake" worker).
 *
 * The legacy build (the one meant for Node) installs core-js's Array.prototype.push polyfill, because V8 in
 * Node 20 does not throw on push() to an array with a read-only length. That polyfill is several times slower
 * than the native push and, being global, slows every array in the process (pdf.js's parser and ours: 7 % of
 * the pipeline's time in a profile). Nothing here pushes onto frozen-length arrays, so the native method is put
 * back after both pdf.js modules have loaded. The worker module is loaded here too (and handed to pdf.js as
 * globalThis.pdfjsWorker) so that it cannot re-install the polyfill later.
 */
const nativePush = Array.prototype.push;
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
const g = globalThis as { pdfjsWorker?: unknown };
g.pdfjsWorker ??= worker;
if (Array.prototype.push !== nativePush) {
  Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
}

export default pdfjs;
