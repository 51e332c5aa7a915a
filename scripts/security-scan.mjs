// Electronegativity over the Electron code and the renderer's HTML (for its CSP). It never fails by itself, so
// this script writes its SARIF to test-results/ and fails when a finding's code is not in REVIEWED below.
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collapse, matchReviews, REVIEWED } from './security-reviews.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The package's CLI needs an old `commander` that it does not declare; its programmatic entry does not.
const electronegativity = require('@doyensec/electronegativity');

const input = await mkdtemp(path.join(os.tmpdir(), 'kiln-electronegativity-'));
try {
  await cp(path.join(root, 'electron'), input, { recursive: true });
  await cp(path.join(root, 'renderer', 'index.html'), path.join(input, 'renderer', 'index.html'), { recursive: true });
  await mkdir(path.join(root, 'test-results'), { recursive: true });
  const sarif = path.join(root, 'test-results', 'electronegativity.sarif');
  const result = await electronegativity({
    input,
    output: sarif,
    isSarif: true,
    isRelative: true,
    electronVersionOverride: electronVersion(),
  });
  for (const error of result.errors)
    console.log(`electronegativity could not parse ${error.file}: ${error.message ?? error.error}`);
  const { matched, stale } = matchReviews(result.issues, REVIEWED);
  const open = matched.filter((m) => !m.review);
  for (const { issue, review } of matched) {
    const where = `${issue.file}:${issue.location?.line ?? 0}`;
    console.log(
      `${review ? 'reviewed' : 'FINDING '} ${issue.id} (${issue.severity.name}) ${where} — ${review ? review.reason : issue.description}`,
    );
    if (!review) console.log(`         code: ${collapse(issue.sample)}`);
  }
  for (const review of stale)
    console.log(
      `stale review (no finding has this code any more; remove it): ${review.check} ${review.file}: ${review.code}`,
    );
  console.log(
    `electronegativity: ${result.globalChecks + result.atomicChecks} checks, ${result.issues.length} findings, ${open.length} not reviewed; SARIF in test-results/`,
  );
  // Not process.exit: electronegativity writes the SARIF file asynchronously.
  process.exitCode = open.length === 0 && result.errors.length === 0 ? 0 : 1;
} finally {
  await rm(input, { recursive: true, force: true });
}

function electronVersion() {
  return require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
}
