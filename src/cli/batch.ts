/**
 * `yjsgk batch` and `yjsgk queue` (registered on the main program).
 */
import type { Command, Option } from 'commander';

export function registerBatch(_program: Command, _ocrOption: () => Option): void {}
