#!/usr/bin/env node
// `kiln` from a checkout (`npm link`, `npx kiln`): runs the bundled command line that `node scripts/build.mjs cli`
// (or `npm run build`) writes to dist/cli/kiln.cjs.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry that npm runs with plain Node */
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'cli', 'kiln.cjs');
if (!existsSync(bundle)) {
  process.stderr.write(
    'kiln: the command line is not built yet: run `node scripts/build.mjs cli` in the Kiln checkout.\n',
  );
  process.exit(1);
}
require(bundle);
