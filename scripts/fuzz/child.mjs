// One chunk of the fuzz campaign in its own process: `yjsgk extract` (the built dist/, as users run it) over the
// files, each line it prints kept with the peak RSS of the reader processes while that file was read (sampled;
// extract reads each file in a reader process of its own). Prints one JSON object at the end; the runner checks it.
import { runExtract } from '../../dist/cli/extract.js';
import { treeRss, processRss } from '../../dist/batch/memory.js';

const job = JSON.parse(process.argv[2]);
const lines = [];
let cur = { peak: 0 };
// the readers' memory: this process's tree without this process
const readers = () => Math.max(0, treeRss() - processRss(process.pid));
const sample = () => {
  const rss = readers();
  if (rss > cur.peak) cur.peak = rss;
};
const timer = setInterval(sample, 10);
const t = { start: Date.now() };
const line = (s) => {
  sample();
  lines.push({ line: s, peak: cur.peak, ms: Date.now() - t.start });
  // the next file starts from the memory this process holds now; memory a file's worker took may stay with the
  // process after the worker is stopped, so above the restart mark the chunk ends here and the runner reads the
  // rest in a fresh process (each file's peak is then its own)
  cur = { peak: readers() };
  t.start = Date.now();
  if (process.memoryUsage.rss() > job.restartMb * 1048576) {
    process.stdout.write(JSON.stringify({ code: null, lines, restarted: true }) + '\n', () => process.exit(0));
  }
};
const code = await runExtract(job.files, { out: job.out, format: 'json', ocr: job.ocr, timeoutMs: job.timeoutS * 1000, maxMemoryMb: job.maxMemoryMb }, line, line);
clearInterval(timer);
process.stdout.write(JSON.stringify({ code, lines }) + '\n');
// no process.exit: the process must end by itself (a worker or timer left running would hang it, and the runner
// counts that as a hang)
