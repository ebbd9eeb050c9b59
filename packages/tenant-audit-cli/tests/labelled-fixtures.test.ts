/**
 * The repository's labelled fixtures (`fixtures/`, see its README): the CLI must report exactly
 * the labelled lines (typed labels included: the CLI has the checker), in every format.
 * Labels of rules whose check is not registered yet are left out until it lands.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { checks } from "@tenant-audit/analysis";
import { globSync } from "tinyglobby";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../src/audit.js";
import { formatMarkdown, formatSarif, formatText } from "../src/reporters/index.js";
import type { Report } from "../src/types.js";

const fixturesRoot = fileURLToPath(new URL("../../../fixtures/", import.meta.url)).replace(/\/$/u, "");
const labelPattern = /\/\/\s*expect(?:-typed)?:\s*([\w/,\s-]+?)\s*$/u;

function expectedFindings(): string[] {
  const expected: string[] = [];
  for (const file of globSync(["**/*.ts"], { cwd: fixturesRoot, ignore: ["**/node_modules/**", "**/*.d.ts"] }).sort()) {
    readFileSync(`${fixturesRoot}/${file}`, "utf8")
      .split("\n")
      .forEach((text, index) => {
        const match = labelPattern.exec(text);
        if (!match?.[1]) return;
        for (const raw of match[1].split(",")) {
          const rule = raw.trim().replace(/^tenant\//u, "");
          if (rule && rule in checks) expected.push(`${file}:${index + 1}: tenant/${rule}`);
        }
      });
  }
  return [...new Set(expected)].sort();
}

const labelled = (candidate: Report, prefix = ""): string[] =>
  [
    ...new Set(
      candidate.findings
        .filter((finding) => finding.ruleId.startsWith("tenant/"))
        .map((finding) => `${finding.file.slice(prefix.length)}:${finding.line}: ${finding.ruleId}`),
    ),
  ].sort();

let report: Report;
let fromRoot: Report;
beforeAll(async () => {
  report = await audit({ cwd: fixturesRoot });
  // `pnpm exec tenant-audit --config fixtures/tenant-audit.config.json fixtures` at the repository root:
  // the root tsconfig does not cover fixtures/, so its own tsconfig is found and used.
  fromRoot = await audit({
    cwd: dirname(fixturesRoot),
    paths: ["fixtures"],
    config: "fixtures/tenant-audit.config.json",
  });
  // Two typed audits of every fixture: minutes on a loaded 2-core machine.
}, 600_000);

describe("fixtures/", () => {
  it("reports every labelled finding and nothing else", () => {
    expect(labelled(report)).toEqual(expectedFindings());
    expect(report.parseErrors).toEqual([]);
  });

  it("reports the same when run from the repository root on fixtures/", () => {
    expect(labelled(fromRoot, "fixtures/")).toEqual(expectedFindings());
    expect(fromRoot.findings.every((finding) => finding.file.startsWith("fixtures/"))).toBe(true);
  });

  it("shows the same findings in every format", () => {
    const text = formatText(report);
    const markdown = formatMarkdown(report);
    const sarif = JSON.parse(formatSarif(report)).runs[0].results.filter(
      (result: { suppressions?: unknown }) => !result.suppressions,
    );
    expect(sarif).toHaveLength(report.findings.length);
    for (const finding of report.findings) {
      expect(text).toContain(`${finding.file}:${finding.line}:${finding.column}`);
      expect(markdown).toContain(`${finding.file}:${finding.line}:${finding.column}`);
    }
  });
});
