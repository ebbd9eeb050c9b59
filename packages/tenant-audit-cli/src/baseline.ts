/**
 * A baseline is the list of findings a team has accepted for now. It is matched by fingerprint
 * as a multiset: each baseline entry excuses one finding, so fixing one finding and adding a
 * new one in the same file still fails the run.
 */
import { readFileSync } from "node:fs";
import { AuditError, oneLine } from "./errors.js";
import { compareText } from "./load-project.js";
import type { ReportFinding } from "./types.js";
import { toolName } from "./version.js";

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly file: string;
  readonly message: string;
}

export interface BaselineFile {
  readonly schemaVersion: 1;
  readonly tool: string;
  readonly findings: readonly BaselineEntry[];
}

export function readBaseline(path: string, shownAs = path): BaselineEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new AuditError(`cannot read baseline ${shownAs}: ${oneLine(error)}`);
  }
  const findings = (raw as { findings?: unknown } | null)?.findings;
  if (
    !Array.isArray(findings) ||
    !findings.every((entry) => typeof (entry as { fingerprint?: unknown })?.fingerprint === "string")
  ) {
    throw new AuditError(`cannot read baseline ${shownAs}: expected { "findings": [{ "fingerprint": "…" }, …] }`);
  }
  return findings as BaselineEntry[];
}

/** The baseline file for the given findings, sorted like the report, as text. */
export function formatBaseline(findings: readonly ReportFinding[]): string {
  const entries: BaselineEntry[] = findings
    .map(({ fingerprint, ruleId, file, message }) => ({ fingerprint, ruleId, file, message }))
    .sort(
      (a, b) =>
        compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint),
    );
  const file: BaselineFile = { schemaVersion: 1, tool: toolName, findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** For each finding (in order), whether a not-yet-used baseline entry with its fingerprint excuses it. */
export function matchBaseline(
  findings: readonly { fingerprint: string }[],
  baseline: readonly BaselineEntry[],
): boolean[] {
  const remaining = new Map<string, number>();
  for (const entry of baseline) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  return findings.map((finding) => {
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left === 0) return false;
    remaining.set(finding.fingerprint, left - 1);
    return true;
  });
}
