/**
 * ESLint over every fixtures/**\/*.ts file, untyped and typed, must report exactly the
 * labelled (file, line, rule) triples of the rules whose checks are registered.
 */
import { describe, expect, it } from "vitest";
import {
  compare,
  expectedIn,
  formatDiff,
  listFixtureFiles,
  modes,
  readAllLabels,
} from "../../../scripts/lib/labelled-fixtures.js";
import { lintFixtures, measuredRules } from "../../../scripts/lib/lint-fixtures.js";
import plugin from "../src/index.js";

const labels = readAllLabels();
// One lint of the whole fixtures folder; typed, it builds a program over every library's
// typings, which takes over a minute on a loaded CI machine.
const wholeFolderTimeout = 300_000;
const measured = measuredRules(plugin);

describe("fixtures", () => {
  it("holds labelled TypeScript files", () => {
    expect(listFixtureFiles().length).toBeGreaterThan(0);
    expect(labels.length).toBeGreaterThan(0);
  });

  for (const mode of modes) {
    it(
      `${mode}: the findings are exactly the labelled lines`,
      async () => {
        const pending = labels.filter((label) => !measured.has(label.ruleId)).length;
        // Labels of rules whose check has not landed are not scored yet; say so rather than hide it.
        if (pending > 0) console.info(`${mode}: ${pending} labels wait for checks that are not registered yet`);
        const comparison = compare(expectedIn(labels, mode, measured), await lintFixtures(plugin, mode));
        if (comparison.falsePositives.length + comparison.falseNegatives.length > 0) {
          expect.fail(formatDiff(mode, comparison));
        }
        expect(comparison.truePositives.length).toBe(expectedIn(labels, mode, measured).length);
      },
      wholeFolderTimeout,
    );
  }
});
