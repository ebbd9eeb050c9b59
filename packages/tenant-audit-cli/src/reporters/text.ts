/** The human report: the checklist with ✔/✖, then findings grouped by checklist item. Pure. */
import { createColors } from "picocolors";
import type { ChecklistStatus, Report, ReportFinding } from "../types.js";
import { displayPath } from "./display-path.js";

export interface TextReporterOptions {
  /** ANSI colours; the CLI turns them on only when writing to a terminal. */
  readonly color?: boolean;
}

const examplesPerReason = 3;

export function formatText(report: Report, options: TextReporterOptions = {}): string {
  const c = createColors(options.color ?? false);
  const marks: Record<ChecklistStatus, string> = {
    pass: c.green("✔"),
    fail: c.red("✖"),
    warn: c.yellow("!"),
    "not-applicable": c.dim("–"),
  };
  const lines: string[] = [];
  const { summary } = report;
  lines.push(
    c.bold(
      `tenant-audit: ${summary.files} file${plural(summary.files)} audited${report.changedSince ? ` (changed since ${report.changedSince})` : ""}`,
    ),
  );
  lines.push(c.dim(`config: ${report.config === null ? "none found, defaults used" : displayPath(report.config)}`), "");
  lines.push(c.bold("Checklist"));
  for (const item of report.checklist) {
    const detail =
      item.status === "not-applicable"
        ? "not applicable: nothing of this kind found"
        : [
            `${item.findings} finding${plural(item.findings)}, ${item.checked} checked${item.unverified > 0 ? `, ${item.unverified} unverified` : ""}`,
            ...(item.scopedByConstruction ? [`${item.scopedByConstruction} scoped by a tenant-enforcing client`] : []),
            ...(item.notUnderstood ?? []).map(
              (entry) => `${entry.library} not understood: ${entry.sites} call${plural(entry.sites)}`,
            ),
          ].join("; ");
    lines.push(`  ${marks[item.status]} ${item.question} ${c.dim(`(${detail})`)}`);
  }

  for (const item of report.checklist) {
    const findings = report.findings.filter((finding) => finding.checklistItem === item.id);
    if (findings.length === 0) continue;
    lines.push("", c.bold(`${item.id}: ${item.question}`));
    for (const finding of findings) lines.push(...formatFinding(finding, c));
  }

  if (report.suppressed.length > 0) {
    lines.push("", c.bold(`Suppressed (${report.suppressed.length})`));
    for (const entry of report.suppressed) {
      lines.push(
        `  ${displayPath(entry.file)}:${entry.line}:${entry.column}  ${c.dim(entry.ruleId)}  ${entry.reason ?? c.yellow("(no reason given)")}`,
      );
    }
  }
  if (report.parseErrors.length > 0) {
    lines.push("", c.bold(`Not analysed, syntax errors (${report.parseErrors.length})`));
    for (const error of report.parseErrors)
      lines.push(`  ${displayPath(error.file)}:${error.line}:${error.column}  ${error.message}`);
  }
  if (report.analysisErrors.length > 0) {
    lines.push(
      "",
      c.bold(c.red(`Not analysed, errors (${report.analysisErrors.length}): these files are not known to pass`)),
    );
    for (const error of report.analysisErrors) lines.push(`  ${displayPath(error.file)}  ${error.message}`);
  }
  if (report.skipped.length > 0) {
    lines.push("", c.bold(`Skipped (${report.skipped.length})`));
    for (const skipped of report.skipped) lines.push(`  ${displayPath(skipped.file)}  ${c.dim(skipped.reason)}`);
  }
  if (report.unverified.length > 0) {
    lines.push(
      "",
      c.bold(
        `Could not be verified (${summary.unverified} site${plural(summary.unverified)}, not reported as findings)`,
      ),
    );
    // Grouped by reason, a few examples each: the findings stay the report's subject.
    const byReason = new Map<string, typeof report.unverifiedSites>();
    for (const site of report.unverifiedSites ?? [])
      byReason.set(site.reason, [...(byReason.get(site.reason) ?? []), site]);
    for (const [reason, sites] of [...byReason].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
      lines.push(`  ${sites.length} × ${reason}`);
      for (const site of sites.slice(0, examplesPerReason))
        lines.push(c.dim(`      ${displayPath(site.file)}:${site.line}:${site.column}  ${site.ruleId}`));
      if (sites.length > examplesPerReason)
        lines.push(c.dim(`      … and ${sites.length - examplesPerReason} more (every site is in --format json)`));
    }
    // Sites counted without a stated reason, by file (a report from before every rule gave one, read with --from-report).
    const explained = new Map<string, number>();
    for (const site of report.unverifiedSites ?? [])
      explained.set(`${site.file}\u0000${site.ruleId}`, (explained.get(`${site.file}\u0000${site.ruleId}`) ?? 0) + 1);
    for (const site of report.unverified) {
      const rest = site.count - (explained.get(`${site.file}\u0000${site.ruleId}`) ?? 0);
      if (rest > 0) lines.push(`  ${displayPath(site.file)}  ${rest} × ${c.dim(site.ruleId)}`);
    }
  }

  const counts = [
    `${summary.findings} finding${plural(summary.findings)} (${summary.errors} error${plural(summary.errors)}, ${summary.warnings} warning${plural(summary.warnings)})`,
    ...(summary.baselined > 0 ? [`${summary.new} new, ${summary.baselined} in baseline`] : []),
    `${summary.suppressed} suppressed`,
    ...(summary.analysisErrors > 0 ? [`${summary.analysisErrors} not analysed`] : []),
  ];
  lines.push("", `${counts.join(", ")}: ${verdict(report, c)}`);
  return `${lines.join("\n")}\n`;
}

/** "passed" only when there was something to fail and nothing did: --fail-on never passes nothing. */
function verdict(report: Report, c: ReturnType<typeof createColors>): string {
  const { summary } = report;
  if (summary.failOn === "never") {
    const problems = summary.findings + summary.analysisErrors;
    return problems === 0 ? c.green("passed") : c.yellow("not failing: --fail-on never");
  }
  if (summary.passed) return c.green("passed");
  const notAnalysed =
    summary.analysisErrors > 0 ? `, ${summary.analysisErrors} file${plural(summary.analysisErrors)} not analysed` : "";
  return c.red(`failed (--fail-on ${summary.failOn}${notAnalysed})`);
}

function formatFinding(finding: ReportFinding, c: ReturnType<typeof createColors>): string[] {
  const severity = finding.severity === "error" ? c.red("error  ") : c.yellow("warning");
  const known = finding.baselineState === "unchanged" ? c.dim(" (baseline)") : "";
  const lines = [
    `  ${c.underline(`${displayPath(finding.file)}:${finding.line}:${finding.column}`)}  ${severity}  ${finding.message}  ${c.dim(finding.ruleId)}${known}`,
  ];
  if (finding.suggestion) lines.push(`    ${c.cyan("→")} ${finding.suggestion}`);
  return lines;
}

function plural(count: number): string {
  return count === 1 ? "" : "s";
}
