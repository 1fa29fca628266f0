// Mocha's spec reporter, and the suite's counts recorded for scripts/test-summary.js.
const Mocha = require('mocha');
const { record } = require('./test-summary');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      record(process.env.HTTP_WIRE_SUITE_NAME || 'unit', { passed: passes, failed: failures, skipped: pending });
    });
  }
}

module.exports = SpecWithSummary;
