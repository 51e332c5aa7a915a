// `npm test`'s figures come from a real Vitest JSON report: tests that did not run (skipped, todo) are listed by
// name and counted, and fail the run when KILN_FAIL_ON_SKIP is set (CI, where every tool is installed).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/sandbox-backend';

// scripts/ is plain ESM run by Node without a build step; its module is loaded by URL, with its shape stated here.
interface VitestSummary {
  passed: number;
  failed: number;
  skipped: string[];
  todo: string[];
}
const { summarizeVitest, notRunLines } = (await import(
  pathToFileURL(path.join(REPO_ROOT, 'scripts', 'test-summary.mjs')).href
)) as {
  summarizeVitest: (results: unknown, options?: { root?: string; failOnSkip?: boolean }) => VitestSummary;
  notRunLines: (summary: VitestSummary, failOnSkip?: boolean) => string[];
};
const run = promisify(execFile);
let dir: string;
let report: unknown;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-test-summary-'));
  await writeFile(
    path.join(dir, 'sample.test.mjs'),
    [
      "import { describe, expect, it } from 'vitest';",
      "it('passes', () => expect(1).toBe(1));",
      "it('fails', () => expect(1).toBe(2));",
      "it.skip('is skipped', () => {});",
      "it.todo('is still to write');",
      "describe.skipIf(true)('needs a tool', () => { it('uses it', () => {}); });",
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.mjs'] } };\n");
  const out = path.join(dir, 'report.json');
  // The sample has a failing test: Vitest exits 1, the report is still written.
  await run(path.join(REPO_ROOT, 'node_modules', '.bin', 'vitest'), [
    'run',
    '--root',
    dir,
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]).catch(() => undefined);
  report = JSON.parse(await readFile(out, 'utf8'));
}, 60_000);

describe('the npm test summary', () => {
  it('counts passed and failed and names every skipped and todo test', () => {
    const summary = summarizeVitest(report, { root: dir });
    expect(summary).toEqual({
      passed: 1,
      failed: 1,
      skipped: ['sample.test.mjs › is skipped', 'sample.test.mjs › needs a tool uses it'],
      todo: ['sample.test.mjs › is still to write'],
    });
    expect(notRunLines(summary)).toEqual([
      '- skipped: sample.test.mjs › is skipped',
      '- skipped: sample.test.mjs › needs a tool uses it',
      '- todo: sample.test.mjs › is still to write',
      '2 skipped, 1 todo',
    ]);
  });

  it('fails the run for each test not run when skips are not allowed', () => {
    const summary = summarizeVitest(report, { root: dir, failOnSkip: true });
    expect(summary.failed).toBe(1 + 3);
    expect(notRunLines(summary, true).at(-1)).toMatch(/^2 skipped, 1 todo \(counted as failed/);
  });
});
