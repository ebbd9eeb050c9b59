/**
 * The labelled-line format of `fixtures/` (see fixtures/README.md) and the comparison of
 * labels with findings, shared by the fixtures test and `pnpm bench:accuracy`.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isRuleId, type RuleId } from "@tenant-audit/analysis";

export type Mode = "untyped" | "typed";
export const modes: readonly Mode[] = ["untyped", "typed"];

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const fixturesDir = path.join(repoRoot, "fixtures");

/** One (file, line, rule) triple; `file` is relative to the repository root, with `/`. */
export interface LineFinding {
  readonly file: string;
  readonly line: number;
  readonly ruleId: RuleId;
}

export interface Label extends LineFinding {
  /** `expect-typed`: only the typed run can know. */
  readonly typedOnly: boolean;
}

export function keyOf(finding: LineFinding): string {
  return `${finding.file}:${finding.line} ${finding.ruleId}`;
}

/** Every `.ts` file under fixtures/, outside node_modules, sorted. */
export function listFixtureFiles(): string[] {
  return readdirSync(fixturesDir, { recursive: true, encoding: "utf8" })
    .filter((entry) => entry.endsWith(".ts") && !entry.endsWith(".d.ts"))
    .filter((entry) => !entry.split(path.sep).includes("node_modules"))
    .map((entry) => path.join(fixturesDir, entry))
    .sort();
}

export function readFixtureSettings(): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir, "tenant-audit.config.json"), "utf8"));
}

export function relativeToRoot(file: string): string {
  return path.relative(repoRoot, file).split(path.sep).join("/");
}

const markerPattern = /\/\/\s*(expect|expect-typed):\s*([\w/-]+(?:\s*,\s*[\w/-]+)*)/gu;

/** Reads the markers of one file; an unknown rule id is an error (a typo would hide a miss). */
export function parseLabels(file: string, text: string): Label[] {
  const labels: Label[] = [];
  text.split(/\r?\n/u).forEach((content, index) => {
    for (const match of content.matchAll(markerPattern)) {
      for (const raw of match[2]!.split(",")) {
        const ruleId = raw.trim().replace(/^tenant\//u, "");
        if (!isRuleId(ruleId)) throw new Error(`${file}:${index + 1}: unknown rule id "${raw.trim()}" in a label`);
        labels.push({ file, line: index + 1, ruleId, typedOnly: match[1] === "expect-typed" });
      }
    }
  });
  return labels;
}

export function readAllLabels(): Label[] {
  return listFixtureFiles().flatMap((file) => parseLabels(relativeToRoot(file), readFileSync(file, "utf8")));
}

/** The findings a mode must produce: every label, minus the typed-only ones when untyped. */
export function expectedIn(labels: readonly Label[], mode: Mode, measured: ReadonlySet<RuleId>): LineFinding[] {
  return labels.filter((label) => measured.has(label.ruleId) && (mode === "typed" || !label.typedOnly));
}

export interface Comparison {
  readonly truePositives: LineFinding[];
  readonly falsePositives: LineFinding[];
  readonly falseNegatives: LineFinding[];
}

export function compare(expected: readonly LineFinding[], actual: readonly LineFinding[]): Comparison {
  const expectedKeys = new Set(expected.map(keyOf));
  const actualKeys = new Set(actual.map(keyOf));
  const unique = (list: readonly LineFinding[]) => [...new Map(list.map((item) => [keyOf(item), item])).values()];
  return {
    truePositives: unique(actual).filter((item) => expectedKeys.has(keyOf(item))),
    falsePositives: unique(actual).filter((item) => !expectedKeys.has(keyOf(item))),
    falseNegatives: unique(expected).filter((item) => !actualKeys.has(keyOf(item))),
  };
}

/** A diff a reader can act on: what was found but not labelled, and what was labelled but missed. */
export function formatDiff(mode: Mode, comparison: Comparison): string {
  const lines = [
    ...comparison.falsePositives.map((item) => `  + ${keyOf(item)}   (reported, not labelled)`),
    ...comparison.falseNegatives.map((item) => `  - ${keyOf(item)}   (labelled, not reported)`),
  ].sort((a, b) => a.slice(4).localeCompare(b.slice(4), "en", { numeric: true }));
  return lines.length === 0
    ? `${mode}: findings match the labels`
    : `${mode}: findings differ from the labels\n${lines.join("\n")}`;
}
