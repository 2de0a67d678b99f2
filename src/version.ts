/** Pipeline version: part of the batch cache key, so a new version re-extracts. */
export const VERSION = '0.1.0';
