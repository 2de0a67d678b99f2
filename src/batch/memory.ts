/**
 * Resident memory of a process and of its descendants (the batch's reader processes and their threads), and the
 * CPU time of a reader, read from /proc on Linux. Elsewhere a process other than this one reads as 0 (its limit is then the V8 heap limit
 * alone) and this process as process.memoryUsage.rss().
 */
import { readFileSync } from 'node:fs';

const PAGE = 4096;

/** RSS of one process in bytes (0 when it is gone or cannot be read). */
export function processRss(pid: number): number {
  if (pid === process.pid) return process.memoryUsage.rss();
  try {
    // statm: size resident shared text lib data dt (pages)
    return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE || 0;
  } catch {
    return 0;
  }
}

/** The direct children of a process (its threads' children included). */
function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** RSS of a process and every process under it, in bytes. */
export function treeRss(pid = process.pid): number {
  let sum = processRss(pid);
  for (const c of children(pid)) sum += treeRss(c);
  return sum;
}

/**
 * CPU time a process has used so far (user and system, all its threads), in ms; undefined where /proc cannot be
 * read. A file stopped at its time limit after little CPU time was slowed by a busy machine, not spinning.
 */
export function processCpuMs(pid: number): number | undefined {
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    // stat: pid (comm) state … utime stime (fields 14 and 15, clock ticks of 1/100 s on Linux)
    const f = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
