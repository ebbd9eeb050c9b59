/**
 * Precision and recall of the plugin on fixtures/, per rule and mode, scored by
 * (file, line, rule) against the labels. Exits 1 when any measured rule is below 1.00, so CI
 * can gate on it. Uses the built plugin: run `pnpm build` first.
 */
import plugin from "eslint-plugin-tenant";
import { ruleIds } from "@tenant-audit/analysis";
import { compare, expectedIn, formatDiff, listFixtureFiles, modes, readAllLabels } from "./lib/labelled-fixtures.js";
import { lintFixtures, measuredRules, type TenantPlugin } from "./lib/lint-fixtures.js";

const tenant = plugin as unknown as TenantPlugin;
const labels = readAllLabels();
const measured = measuredRules(tenant);

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? " n/a" : (numerator / denominator).toFixed(2);
}

const labelledLines = new Set(labels.map((label) => `${label.file}:${label.line}`)).size;
console.log(`fixtures: ${listFixtureFiles().length} files, ${labelledLines} labelled lines, ${labels.length} labels`);
for (const ruleId of ruleIds) {
  const own = labels.filter((label) => label.ruleId === ruleId);
  const typedOnly = own.filter((label) => label.typedOnly).length;
  const state = measured.has(ruleId) ? "" : "   (check not registered: not measured)";
  console.log(`  ${ruleId.padEnd(28)} ${String(own.length).padStart(4)} labels (${typedOnly} typed-only)${state}`);
}
console.log("");
console.log(`${"rule".padEnd(28)} ${"mode".padEnd(8)}   TP   FP   FN  precision  recall`);

let failed = false;
const diffs: string[] = [];
for (const mode of modes) {
  const comparison = compare(expectedIn(labels, mode, measured), await lintFixtures(tenant, mode));
  for (const ruleId of ruleIds.filter((id) => measured.has(id))) {
    const count = (list: readonly { ruleId: string }[]) => list.filter((item) => item.ruleId === ruleId).length;
    const tp = count(comparison.truePositives);
    const fp = count(comparison.falsePositives);
    const fn = count(comparison.falseNegatives);
    // A rule with no labelled line scores n/a, and fails: recall 1.00 needs something to recall.
    if (fp > 0 || fn > 0 || tp === 0) failed = true;
    console.log(
      `${ruleId.padEnd(28)} ${mode.padEnd(8)} ${[tp, fp, fn].map((n) => String(n).padStart(4)).join(" ")}  ${ratio(tp, tp + fp).padStart(9)}  ${ratio(tp, tp + fn).padStart(6)}`,
    );
  }
  if (comparison.falsePositives.length + comparison.falseNegatives.length > 0) diffs.push(formatDiff(mode, comparison));
}
if (diffs.length > 0) console.log(`\n${diffs.join("\n\n")}`);
if (measured.size === 0) console.log("\nNo check is registered in the core yet: nothing to measure.");
process.exitCode = failed ? 1 : 0;
