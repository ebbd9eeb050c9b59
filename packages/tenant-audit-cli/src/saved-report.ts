/**
 * `--from-report FILE`: a JSON report written by an earlier run, read back to be rendered in
 * another format, so CI audits once and turns the one JSON into SARIF and a PR comment.
 */
import { readFileSync } from "node:fs";
import { AuditError, oneLine } from "./errors.js";
import type { Report } from "./types.js";

export function readSavedReport(path: string, shown: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/u, ""));
  } catch (error) {
    throw new AuditError(`cannot read report ${shown}: ${oneLine(error)}`);
  }
  const report = raw as Partial<Report> | null;
  const arrays = ["checklist", "findings", "suppressed", "unverified", "parseErrors", "skipped"] as const;
  if (
    report === null ||
    typeof report !== "object" ||
    report.schemaVersion !== 1 ||
    typeof report.summary !== "object" ||
    report.summary === null ||
    typeof report.root !== "string" ||
    arrays.some((key) => !Array.isArray(report[key]))
  ) {
    throw new AuditError(
      `cannot read report ${shown}: not a tenant-audit JSON report (schemaVersion 1; write one with --format json)`,
    );
  }
  // Reports from 0.1.0 have neither field: they read as "no analysis errors" and "config unknown".
  return {
    ...(report as Report),
    summary: { ...report.summary, analysisErrors: report.summary.analysisErrors ?? 0 },
    analysisErrors: report.analysisErrors ?? [],
    config: report.config ?? null,
  };
}
