/**
 * Counting a test run for `npm test`'s closing line. Pure functions, so they have a spec of their
 * own (test-tally.spec.js); scripts/test.mjs runs the runners and hands their results here.
 *
 * A runner's result is its JSON report (Jest's `--json`, Vitest's json reporter: both have
 * numPassedTests, numFailedTests, numPendingTests, numTodoTests and testResults) together with how
 * its process ended. The report alone is not enough:
 * - a suite that fails to load or crashes has no failed test, yet it failed: one failure each;
 * - Vitest reports an unhandled error (a rejection after a test ended) only in its exit code, and
 *   Jest's exit code also carries a global setup or teardown that threw: a runner that exits
 *   non-zero while its report shows no failure counts one failure;
 * - a runner stopped for running too long, or one that wrote no report, counts one failure.
 */
'use strict';

/** @typedef {{ passed: number, failed: number, skipped: number, notes: string[] }} Tally */
/** @typedef {{ code: number | null, signal?: string | null, timedOutAfterMs?: number }} Exit */

/** @returns {Tally} */
function emptyTally() {
  return { passed: 0, failed: 0, skipped: 0, notes: [] };
}

/**
 * @param {string} name the runner, for the notes (`jest`, `vitest`)
 * @param {any} report its parsed JSON report, or undefined when it wrote none
 * @param {Exit} exit how its process ended
 * @returns {Tally}
 */
function tallyRunner(name, report, exit) {
  const tally = emptyTally();
  if (report) {
    tally.passed = report.numPassedTests ?? 0;
    tally.failed = report.numFailedTests ?? 0;
    tally.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    const crashed = (report.testResults ?? []).filter(
      (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'),
    );
    if (crashed.length > 0) {
      tally.notes.push(`${name}: ${crashed.length} suite(s) failed to run`);
      tally.failed += crashed.length;
    }
  }
  if (exit.timedOutAfterMs !== undefined) {
    tally.notes.push(`${name} was stopped after ${duration(exit.timedOutAfterMs)}`);
    tally.failed += 1;
  } else if (!report) {
    tally.notes.push(`${name} wrote no results (exit ${describeExit(exit)})`);
    tally.failed += 1;
  } else if (exit.code !== 0 && tally.failed === 0) {
    tally.notes.push(`${name} exited with ${describeExit(exit)} although its report shows no failure`);
    tally.failed += 1;
  }
  return tally;
}

/** `35 min`, or `20 s` under a minute. @param {number} ms */
function duration(ms) {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** @param {Exit} exit */
function describeExit(exit) {
  return exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}

/** @param {Tally[]} tallies @returns {Tally} */
function addTallies(tallies) {
  return tallies.reduce(
    (sum, t) => ({
      passed: sum.passed + t.passed,
      failed: sum.failed + t.failed,
      skipped: sum.skipped + t.skipped,
      notes: [...sum.notes, ...t.notes],
    }),
    emptyTally(),
  );
}

/** The closing line CI reads: `tests: N passed, N failed, N skipped`. @param {Tally} tally */
function summaryLine(tally) {
  return `tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;
}

/** A run passes when something passed and nothing failed. @param {Tally} tally */
function exitCodeFor(tally) {
  return tally.failed > 0 || tally.passed === 0 ? 1 : 0;
}

module.exports = { tallyRunner, addTallies, summaryLine, exitCodeFor };
