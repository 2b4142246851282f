/** Ends a jest run with one plain line, `N passed, N failed, N skipped`, that CI log readers understand. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    // At exit, so that it is the last line, after jest's own summary (stderr writes are synchronous on Linux).
    process.once('exit', () => process.stderr.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
