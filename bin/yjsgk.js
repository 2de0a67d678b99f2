#!/usr/bin/env node
// The package is built into dist/ by the prepare script (run by npm ci / npm install).
import('../dist/cli/main.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    console.error('yjsgk: not built yet — run `npm run build` (npm ci does it through the prepare script)');
    process.exit(2);
  }
  throw e;
});
