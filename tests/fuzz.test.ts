/**
 * The fuzz campaign at CI size: a few hundred hostile inputs (the hand-made bombs and seeded mutations of the
 * samples, and of the corpus when ../shared is present), each read by `yjsgk extract` as a user runs it. Every
 * input gives one `ok` line or one FAIL line with the pipeline's own reason, within its time limit, with the
 * process ending by itself and its memory under 1 GB. `npm run fuzz` runs the full campaign (1000 inputs).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { campaignSeeds, runCampaign } from '../scripts/fuzz/run.js';
import { HAS_SHARED, ROOT } from './helpers/shared.js';

describe('fuzz campaign (CI size)', () => {
  it('a few hundred hostile inputs: no crash, no hang, no raw library message, peak RSS under 1 GB', async () => {
    // the runner reads files with the built dist/, as `yjsgk extract` does
    execFileSync(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: ROOT });
    const seeds = campaignSeeds({ corpus: HAS_SHARED, pages: 2, maxBytes: 8 * 1024 * 1024 });
    const rep = await runCampaign({ seed: 12, count: 220, seeds, timeoutS: 30, ocrShare: 0.02 });
    expect(rep.bad).toEqual([]);
    expect(rep.inputs).toBeGreaterThanOrEqual(220);
    // both outcomes occur: the campaign reads damaged files that still have content, and refuses others
    expect(rep.total.ok).toBeGreaterThan(0);
    expect(rep.total.fail).toBeGreaterThan(0);
    expect(rep.total.peakMb).toBeLessThanOrEqual(1024);
  }, 3_600_000);
});
