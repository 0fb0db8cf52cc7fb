const { tallyRunner, addTallies, summaryLine, exitCodeFor } = require('./test-tally.cjs');

const clean = { code: 0, signal: null };

function report(over = {}) {
  return { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [], ...over };
}

describe('tallyRunner', () => {
  it('counts passed, failed, and skipped with todo', () => {
    const tally = tallyRunner('jest', report({ numPassedTests: 5, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 }), {
      code: 1,
    });
    expect(tally).toEqual({ passed: 5, failed: 1, skipped: 3, notes: [] });
  });

  it('counts a suite that failed to run as one failure', () => {
    const tally = tallyRunner(
      'jest',
      report({
        testResults: [
          { status: 'failed', assertionResults: [] },
          { status: 'failed', assertionResults: [{ status: 'failed' }] },
          { status: 'passed', assertionResults: [{ status: 'passed' }] },
        ],
        numFailedTests: 1,
      }),
      { code: 1 },
    );
    expect(tally.failed).toBe(2);
    expect(tally.notes).toEqual(['jest: 1 suite(s) failed to run']);
  });

  it('counts a non-zero exit with a clean report as a failure (Vitest’s unhandled errors)', () => {
    const tally = tallyRunner('vitest', report(), { code: 1 });
    expect(tally.failed).toBe(1);
    expect(tally.notes[0]).toMatch(/vitest exited with code 1 although its report shows no failure/);
  });

  it('adds nothing for a non-zero exit that the report already explains', () => {
    expect(tallyRunner('jest', report({ numFailedTests: 2 }), { code: 1 }).failed).toBe(2);
  });

  it('counts a runner stopped for running too long as a failure, keeping what it reported', () => {
    const stopped = { code: null, signal: 'SIGTERM', timedOutAfterMs: 35 * 60_000 };
    expect(tallyRunner('jest', undefined, stopped)).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
      notes: ['jest was stopped after 35 min'],
    });
    expect(tallyRunner('jest', report(), stopped)).toMatchObject({ passed: 3, failed: 1 });
  });

  it('counts a runner that wrote no report as a failure', () => {
    const tally = tallyRunner('vitest', undefined, { code: 0 });
    expect(tally.failed).toBe(1);
    expect(tally.notes[0]).toMatch(/wrote no results/);
  });

  it('is clean for a clean run', () => {
    expect(tallyRunner('jest', report(), clean)).toEqual({ passed: 3, failed: 0, skipped: 0, notes: [] });
  });
});

describe('the closing line', () => {
  it('adds runners and prints passed, failed, then skipped', () => {
    const total = addTallies([
      { passed: 10, failed: 0, skipped: 1, notes: [] },
      { passed: 4, failed: 2, skipped: 0, notes: ['x'] },
    ]);
    expect(summaryLine(total)).toBe('tests: 14 passed, 2 failed, 1 skipped');
    expect(summaryLine(total)).toMatch(/^tests: [0-9]+ passed, [0-9]+ failed/);
    expect(total.notes).toEqual(['x']);
  });

  it('fails on any failure, and on a run where nothing passed', () => {
    expect(exitCodeFor({ passed: 3, failed: 0, skipped: 0, notes: [] })).toBe(0);
    expect(exitCodeFor({ passed: 3, failed: 1, skipped: 0, notes: [] })).toBe(1);
    expect(exitCodeFor({ passed: 0, failed: 0, skipped: 2, notes: [] })).toBe(1);
  });
});
