/**
 * Ends a jest run with the slowest suites (where CI's time goes) and one plain line, `N passed, N failed,
 * N skipped`, that CI log readers understand.
 */
const path = require('node:path');

const SLOWEST = 12;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .map(suite => ({
        file: path.relative(process.cwd(), suite.testFilePath),
        seconds: (suite.perfStats.end - suite.perfStats.start) / 1000,
      }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, SLOWEST);
    const slowest = suites.length
      ? `\nslowest suites:\n${suites
          .map(
            ({ file, seconds }) =>
              `  ${seconds.toFixed(1).padStart(7)} s  ${file}`,
          )
          .join('\n')}\n`
      : '';
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    // At exit, so that it is the last line, after jest's own summary (stderr writes are synchronous on Linux).
    process.once('exit', () => process.stderr.write(`${slowest}\n${line}\n`));
  }
}
module.exports = SummaryReporter;
