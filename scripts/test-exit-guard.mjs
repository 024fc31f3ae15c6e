// Loaded into every test file's process by `npm test` (scripts/test.mjs). Once a file's tests are done, its
// process has 10 s to end by itself; then it is ended, so that a handle left open (a timer, a socket, a database
// connection) cannot hang the run. This replaces node's --test-force-exit, which on Node 20 silently drops the
// verdicts of tests that ran when several files run at once (nodejs/node#64833: the run passed with 10 tests of
// one file missing from its count).
import { after } from 'node:test';

if (process.env.NODE_TEST_CONTEXT) {
  after(() => {
    setTimeout(() => {
      process.stderr.write(`test: ${process.argv[1]} kept handles open after its tests: ended\n`);
      process.exit(); // with the exit code the runner set (1 when a test failed)
    }, 10_000).unref();
  });
}
