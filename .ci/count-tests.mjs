// Prints vitest's JSON report as one plain line, "N passed, N failed"; exits 1 if a test failed,
// a file failed to load, or the report is missing (vitest crashed before writing it).
import { readFileSync } from "node:fs";

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.log(`0 passed, 1 failed (no vitest report at ${file}: ${error.message})`);
  process.exit(1);
}
// A test file that does not even load counts as a failure, though it holds no test results.
const brokenFiles = report.testResults.filter(
  (result) => result.status === "failed" && result.assertionResults.length === 0,
).length;
const failed = report.numFailedTests + brokenFiles;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exitCode = failed > 0 || !report.success ? 1 : 0;
