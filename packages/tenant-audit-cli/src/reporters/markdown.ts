/**
 * The pull-request comment: the checklist as a table, new findings first, baselined ones and
 * suppressions folded away in <details>. The hidden marker lets CI find and update its own
 * comment instead of adding one per push. Pure.
 */
import type { ChecklistStatus, Report, ReportFinding } from "../types.js";
import { displayPath } from "./display-path.js";

export const markdownMarker = "<!-- tenant-audit-report -->";

const icons: Record<ChecklistStatus, string> = { pass: "✅", fail: "❌", warn: "⚠️", "not-applicable": "➖" };
const statusWords: Record<ChecklistStatus, string> = {
  pass: "pass",
  fail: "fail",
  warn: "warn",
  "not-applicable": "not applicable",
};

export function formatMarkdown(report: Report): string {
  const { summary } = report;
  const out: string[] = [markdownMarker];
  const headline =
    summary.failOn === "never" && summary.findings + summary.analysisErrors > 0
      ? "⚠️ tenant-audit: not failing (--fail-on never)"
      : summary.passed
        ? "✅ tenant-audit passed"
        : "❌ tenant-audit failed";
  out.push(`## ${headline}`, "");
  const scope = report.changedSince ? ` changed since \`${escapeCode(report.changedSince)}\`` : "";
  out.push(
    `${summary.files} file${plural(summary.files)}${scope} audited: **${summary.new} new finding${plural(summary.new)}**` +
      `${summary.baselined > 0 ? `, ${summary.baselined} already in the baseline` : ""}, ${summary.suppressed} suppressed` +
      `${summary.analysisErrors > 0 ? `, **${summary.analysisErrors} not analysed**` : ""}.`,
    "",
    `Config: ${report.config === null ? "none found, defaults used" : `\`${escapeCode(report.config)}\``}.`,
    "",
  );

  out.push(
    "| | Checklist item | Status | Checked | Unverified | Findings |",
    "| --- | --- | --- | ---: | ---: | ---: |",
  );
  for (const item of report.checklist) {
    out.push(
      `| ${icons[item.status]} | ${cell(item.question)} | ${statusWords[item.status]} | ${item.checked} | ${item.unverified} | ${item.findings} |`,
    );
  }
  const notes = report.checklist.flatMap((item) => [
    ...(item.scopedByConstruction
      ? [
          `\`${item.id}\`: ${item.scopedByConstruction} site${plural(item.scopedByConstruction)} scoped by a tenant-enforcing client.`,
        ]
      : []),
    ...(item.notUnderstood ?? []).map(
      (entry) =>
        `\`${item.id}\`: ${cell(entry.library)} is not understood yet (${entry.sites} call${plural(entry.sites)} counted as unverified).`,
    ),
  ]);
  if (notes.length > 0) out.push("", ...notes.map((note) => `- ${note}`));

  const fresh = report.findings.filter((finding) => finding.baselineState !== "unchanged");
  const known = report.findings.filter((finding) => finding.baselineState === "unchanged");
  if (fresh.length > 0) {
    out.push("", `### New findings (${fresh.length})`, "");
    out.push(...details(`${fresh.length} new finding${plural(fresh.length)}`, findingTable(fresh), true));
  }
  if (known.length > 0) {
    out.push("", `### Already in the baseline (${known.length})`, "");
    out.push(...details(`${known.length} baselined finding${plural(known.length)}`, findingTable(known), false));
  }
  if (report.suppressed.length > 0) {
    out.push("", `### Suppressed (${report.suppressed.length})`, "");
    const rows = ["| Location | Rule | Reason |", "| --- | --- | --- |"];
    for (const entry of report.suppressed) {
      rows.push(
        `| \`${escapeCode(`${entry.file}:${entry.line}`)}\` | \`${entry.ruleId}\` | ${entry.reason === null ? "_no reason given_" : cell(entry.reason)} |`,
      );
    }
    out.push(
      ...details(
        `${report.suppressed.length} suppressed finding${plural(report.suppressed.length)} and their reasons`,
        rows,
        false,
      ),
    );
  }
  if (report.unverified.length > 0) {
    out.push("", `### Could not be verified (${summary.unverified})`, "");
    const rows = ["| File | Rule | Sites |", "| --- | --- | ---: |"];
    for (const site of report.unverified)
      rows.push(`| \`${escapeCode(site.file)}\` | \`${site.ruleId}\` | ${site.count} |`);
    const reasons = new Map<string, number>();
    for (const site of report.unverifiedSites ?? []) reasons.set(site.reason, (reasons.get(site.reason) ?? 0) + 1);
    if (reasons.size > 0) rows.push("", "| Why | Sites |", "| --- | ---: |");
    for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)))
      rows.push(`| ${cell(reason)} | ${count} |`);
    out.push(
      ...details(
        `${summary.unverified} site${plural(summary.unverified)} the analysis could not decide (not findings)`,
        rows,
        false,
      ),
    );
  }
  if (report.parseErrors.length > 0 || report.skipped.length > 0 || report.analysisErrors.length > 0) {
    out.push("", "### Not analysed", "");
    const rows = ["| File | Why |", "| --- | --- |"];
    for (const error of report.analysisErrors)
      rows.push(`| \`${escapeCode(error.file)}\` | **error**: ${cell(error.message)} |`);
    for (const error of report.parseErrors)
      rows.push(
        `| \`${escapeCode(error.file)}\` | syntax error at ${error.line}:${error.column}: ${cell(error.message)} |`,
      );
    for (const skipped of report.skipped) rows.push(`| \`${escapeCode(skipped.file)}\` | ${cell(skipped.reason)} |`);
    const count = report.parseErrors.length + report.skipped.length + report.analysisErrors.length;
    out.push(...details(`${count} file${plural(count)}`, rows, report.analysisErrors.length > 0));
  }
  return `${out.join("\n")}\n`;
}

function findingTable(findings: readonly ReportFinding[]): string[] {
  const rows = ["| Location | Severity | Rule | Message | Suggestion |", "| --- | --- | --- | --- | --- |"];
  for (const finding of findings) {
    rows.push(
      `| \`${escapeCode(`${finding.file}:${finding.line}:${finding.column}`)}\` | ${finding.severity} | \`${finding.ruleId}\` | ${cell(finding.message)} | ${finding.suggestion === null ? "" : cell(finding.suggestion)} |`,
    );
  }
  return rows;
}

function details(summary: string, body: readonly string[], open: boolean): string[] {
  return [
    `<details${open ? " open" : ""}>`,
    `<summary>${escapeHtml(summary)}</summary>`,
    "",
    ...body,
    "",
    "</details>",
  ];
}

/** Table cells: no pipes or newlines, and no raw HTML from messages. */
function cell(text: string): string {
  return escapeHtml(text).replace(/\|/gu, "\\|").replace(/\r?\n/gu, " ");
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

/** Inline code: no backtick to close it early, no pipe to split a cell, no line break (a file name may hold one). */
function escapeCode(text: string): string {
  return displayPath(text).replace(/`/gu, "'").replace(/\|/gu, "\\|");
}

function plural(count: number): string {
  return count === 1 ? "" : "s";
}
