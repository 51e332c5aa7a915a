// `npm test`: type checks per runtime, the dependency rule, the build, then every Vitest suite (unit,
// integration on the sandbox, end-to-end in Chromium). Ends with one plain line: `N passed, N failed`.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const TS_PROJECTS = [
  'electron/common',
  'electron/core',
  'electron/main',
  'electron/preload',
  'electron/server',
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

let passed = checks.filter((c) => c.ok).length;
let failed = checks.length - passed;
try {
  const results = JSON.parse(await readFile(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failed tests but must still fail the run.
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
} catch {
  failed += 1;
  console.log('✗ vitest wrote no report');
}
if (vitestCode !== 0 && failed === 0) failed += 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
