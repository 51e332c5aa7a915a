// Electronegativity over the Electron code and the renderer's HTML (for its CSP). It never fails by itself, so
// this script writes its SARIF to test-results/ and fails when a finding is not in REVIEWED below.
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The package's CLI needs an old `commander` that it does not declare; its programmatic entry does not.
const electronegativity = require('@doyensec/electronegativity');

/** Findings a person reviewed, by check id and file, with the reason they are safe. */
const REVIEWED = {
  'PRELOAD_JS_CHECK main/window-options.ts':
    'the sandboxed preload exposes one function per contract command and a typed subscribe, never ipcRenderer or the IPC event (test/unit/common/contract.test.ts)',
  'CSP_GLOBAL_CHECK renderer/index.html':
    "the evaluator's only remark is script-src 'self' (a risk with JSONP or user uploads); Kiln's origin serves only its own built renderer",
  'OPEN_EXTERNAL_JS_CHECK main/main.ts':
    'shell.openExternal only receives URLs that pass isKilnExternalLink (https AWS hosts) or isLaunchEndpointUrl (endpoints Kiln built); both unit-tested',
};

const input = await mkdtemp(path.join(os.tmpdir(), 'kiln-electronegativity-'));
try {
  await cp(path.join(root, 'electron'), input, { recursive: true });
  await cp(path.join(root, 'renderer', 'index.html'), path.join(input, 'renderer', 'index.html'), { recursive: true });
  await mkdir(path.join(root, 'test-results'), { recursive: true });
  const sarif = path.join(root, 'test-results', 'electronegativity.sarif');
  const result = await electronegativity({ input, output: sarif, isSarif: true, isRelative: true, electronVersionOverride: electronVersion() });
  for (const error of result.errors) console.log(`electronegativity could not parse ${error.file}: ${error.message ?? error.error}`);
  const open = result.issues.filter((issue) => !REVIEWED[`${issue.id} ${issue.file}`]);
  for (const issue of result.issues) {
    const reason = REVIEWED[`${issue.id} ${issue.file}`];
    const where = `${issue.file}:${issue.location?.line ?? 0}`;
    console.log(`${reason ? 'reviewed' : 'FINDING '} ${issue.id} (${issue.severity.name}) ${where}${reason ? ` — ${reason}` : ` — ${issue.description}`}`);
  }
  console.log(`electronegativity: ${result.globalChecks + result.atomicChecks} checks, ${result.issues.length} findings, ${open.length} not reviewed; SARIF in test-results/`);
  // Not process.exit: electronegativity writes the SARIF file asynchronously.
  process.exitCode = open.length === 0 && result.errors.length === 0 ? 0 : 1;
} finally {
  await rm(input, { recursive: true, force: true });
}

function electronVersion() {
  return require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
}
