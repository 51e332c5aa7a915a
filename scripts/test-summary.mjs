// The figures `npm test` prints from Vitest's JSON report: passed and failed, and every test that did not run
// (skipped or todo) by name, so that a test silently skipped for a missing tool is seen. With `failOnSkip` (set by
// CI, where every tool is installed) a skipped or todo test fails the run.
import path from 'node:path';

/**
 * @param {{ numPassedTests: number, numFailedTests: number, testResults: Array<{ name: string, status: string,
 *   assertionResults: Array<{ fullName: string, status: string }> }> }} results Vitest's JSON report
 * @param {{ root?: string, failOnSkip?: boolean }} [options]
 */
export function summarizeVitest(results, options = {}) {
  const root = options.root ?? process.cwd();
  const notRun = { skipped: [], todo: [] };
  for (const suite of results.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'skipped' || test.status === 'pending' || test.status === 'todo') {
        const kind = test.status === 'todo' ? 'todo' : 'skipped';
        notRun[kind].push(`${path.relative(root, suite.name)} › ${test.fullName}`);
      }
    }
  }
  let failed = results.numFailedTests;
  // A suite that fails to load has no failed tests but must still fail the run.
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
  if (options.failOnSkip) failed += notRun.skipped.length + notRun.todo.length;
  return { passed: results.numPassedTests, failed, skipped: notRun.skipped, todo: notRun.todo };
}

/** The lines printed before the final `N passed, N failed`: each test not run, then their counts. */
export function notRunLines(summary, failOnSkip = false) {
  const lines = [];
  for (const name of summary.skipped) lines.push(`- skipped: ${name}`);
  for (const name of summary.todo) lines.push(`- todo: ${name}`);
  const counts = `${summary.skipped.length} skipped, ${summary.todo.length} todo`;
  lines.push(
    failOnSkip && summary.skipped.length + summary.todo.length > 0
      ? `${counts} (counted as failed: KILN_FAIL_ON_SKIP is set, and every tool the tests need is installed)`
      : counts,
  );
  return lines;
}
