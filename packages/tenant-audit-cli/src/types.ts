/** The report `audit()` returns and every reporter renders (the JSON format is this, verbatim). */
import type { ChecklistItemId } from "@tenant-audit/analysis";

export type Severity = "error" | "warning";
export type FailOn = Severity | "never";
export const formats = ["text", "json", "markdown", "sarif"] as const;
export type Format = (typeof formats)[number];
export const failOnLevels = ["error", "warning", "never"] as const;

export type ChecklistStatus = "pass" | "fail" | "warn" | "not-applicable";

/** Whether a finding was already in the baseline (only present when a baseline was given). */
export type BaselineState = "new" | "unchanged";

export interface ReportFinding {
  readonly ruleId: string;
  readonly checklistItem: ChecklistItemId;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fingerprint: string;
  readonly suggestion: string | null;
  readonly baselineState?: BaselineState;
}

export type SuppressionKind = "next-line" | "line" | "block";

export interface SuppressedFinding {
  readonly ruleId: string;
  readonly checklistItem: ChecklistItemId;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly fingerprint: string;
  readonly kind: SuppressionKind;
  /** The text after `--` in the directive; null when the directive gave none. */
  readonly reason: string | null;
}

export interface ChecklistEntry {
  readonly id: ChecklistItemId;
  readonly question: string;
  readonly status: ChecklistStatus;
  readonly checked: number;
  readonly unverified: number;
  readonly findings: number;
  /** Checked sites scoped by construction (a tenant-enforcing client), counted in `checked`; present when any. */
  readonly scopedByConstruction?: number;
  /** Libraries the code uses for this item that the analysis does not understand, with their call sites (counted unverified). */
  readonly notUnderstood?: readonly { readonly library: string; readonly sites: number }[];
}

export interface ParseError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A file (or directory) that could not be read, parsed or analysed: its items are not known to pass. */
export interface AnalysisError {
  readonly file: string;
  readonly message: string;
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** Sites a check examined but could not decide, per file and rule (the core gives counts, not positions). */
/** One site that could not be decided, with why. */
export interface UnverifiedSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly reason: string;
}

export interface UnverifiedSites {
  readonly file: string;
  readonly ruleId: string;
  readonly count: number;
}

export interface ReportSummary {
  /** Files analysed. */
  readonly files: number;
  readonly findings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly unverified: number;
  /** Findings not in the baseline (all of them when there is no baseline). */
  readonly new: number;
  readonly baselined: number;
  readonly parseErrors: number;
  /** Files or directories that could not be read or analysed (added after 0.1.0; absent in older reports). */
  readonly analysisErrors: number;
  readonly skipped: number;
  readonly failOn: FailOn;
  /** No new finding at or above `failOn`, and (unless `failOn` is never) no analysis error. */
  readonly passed: boolean;
}

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly root: string;
  readonly summary: ReportSummary;
  readonly checklist: readonly ChecklistEntry[];
  readonly findings: readonly ReportFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unverified: readonly UnverifiedSites[];
  /** Every undecided site that said why, in report order (a site counted in `unverified` without a reason is not listed). */
  readonly unverifiedSites: readonly UnverifiedSite[];
  readonly parseErrors: readonly ParseError[];
  readonly analysisErrors: readonly AnalysisError[];
  readonly skipped: readonly SkippedFile[];
  /** The schema files read for which models are tenant-owned (`prisma/schema.prisma`), relative; present when there were any. */
  readonly schemaSources?: readonly string[];
  /** The settings file used, relative to the working directory (or absolute outside it); null for the defaults. */
  readonly config: string | null;
  /** Present with `--changed-since`: the ref, so a reader knows the report is partial. */
  readonly changedSince?: string;
}
