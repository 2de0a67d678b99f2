/** Whether the programs a test drives are installed. */
import { execFileSync } from 'node:child_process';

/** Whether `cmd args` runs (a version query) — the program is installed. */
export function hasTool(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The scanner's tools the degradation matrix drives (img2pdf, ImageMagick). */
export const HAS_SCAN_TOOLS = hasTool('img2pdf', ['--version']) && hasTool('convert', ['-version']);
