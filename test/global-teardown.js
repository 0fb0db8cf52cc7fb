/* Removes this run's databases, topics, consumer groups, Kafka ACLs and Redis keys, so runs leave nothing behind. */
const { cleanTestRun } = require('./test-state');

module.exports = async function globalTeardown() {
  const run = process.env.GOODLOOP_TEST_RUN;
  if (!run || process.env.GOODLOOP_KEEP_TEST_STATE) return;
  const { problems } = await cleanTestRun(run);
  // Not a test failure (the tests have passed or failed already), but never silent: scripts/test.mjs
  // tries again and reports what is still there.
  for (const problem of problems) console.warn(`test teardown (run ${run}): ${problem}`);
};
