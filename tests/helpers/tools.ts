/** Whether the scanner's tools the degradation matrix drives (img2pdf, ImageMagick) are installed. */
import { execFileSync } from 'node:child_process';

export const HAS_SCAN_TOOLS = (() => {
  try {
    execFileSync('img2pdf', ['--version'], { stdio: 'ignore' });
    execFileSync('convert', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
