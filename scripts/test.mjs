// `npm test`: type checks per runtime, the dependency rule, the build, then every Vitest suite (unit,
// integration on the sandbox, end-to-end in Chromium). Lists the tests that did not run and counts them (skipped,
// todo), then ends with one plain line: `N passed, N failed`. With KILN_FAIL_ON_SKIP=1 (as on CI) a test that did
// not run counts as failed.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { notRunLines, summarizeVitest } from './test-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const TS_PROJECTS = [
  'electron/common',
  'electron/core',
  'electron/main',
  'electron/preload',
  'electron/server',
  'electron/cli',
  'renderer',
  'installer-agent',
  'test',
];

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const checks = [];
async function check(name, command, args) {
  const started = Date.now();
  const code = await run(command, args);
  checks.push({ name, ok: code === 0 });
  console.log(`${code === 0 ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

for (const project of TS_PROJECTS) await check(`typecheck ${project}`, bin('tsc'), ['-p', project, '--noEmit']);
await check('dependency rule', bin('depcruise'), [
  'electron',
  'renderer',
  'installer-agent',
  '--config',
  '.dependency-cruiser.cjs',
]);
// No --cache: type-aware rules read other files, which a per-file cache does not notice changing.
await check('lint', bin('eslint'), ['.', '--max-warnings', '0']);
await check('format', bin('prettier'), ['--check', '.']);
await check('electronegativity', process.execPath, ['scripts/security-scan.mjs']);
await check('build', process.execPath, ['scripts/build.mjs']);

await mkdir(path.join(root, 'test-results'), { recursive: true });
const report = path.join(root, 'test-results', 'vitest.json');
const vitestCode = await run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

const failOnSkip = process.env.KILN_FAIL_ON_SKIP === '1';
let passed = checks.filter((c) => c.ok).length;
let failed = checks.length - passed;
let notRun = [];
try {
  const summary = summarizeVitest(JSON.parse(await readFile(report, 'utf8')), { root, failOnSkip });
  passed += summary.passed;
  failed += summary.failed;
  notRun = notRunLines(summary, failOnSkip);
} catch {
  failed += 1;
  console.log('✗ vitest wrote no report');
}
if (vitestCode !== 0 && failed === 0) failed += 1;
console.log(['', ...notRun, `${passed} passed, ${failed} failed`].join('\n'));
process.exit(failed === 0 ? 0 : 1);
