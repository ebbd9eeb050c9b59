/**
 * SARIF 2.1.0 for code scanning: every rule in `tool.driver.rules` with its docs link, findings as
 * results with `partialFingerprints`, suppressed findings as results carrying `suppressions`
 * with the directive's reason. Pure.
 */
import { pathToFileURL } from "node:url";
import { presentedRules } from "../rule-meta.js";
import type { Report } from "../types.js";
import { repositoryUrl } from "../version.js";

/** The key under which our fingerprints travel; versioned so a future scheme can sit beside it. */
export const fingerprintKey = "tenantAudit/v1";

export function formatSarif(report: Report): string {
  const rules = presentedRules();
  const index = new Map(rules.map((rule, position) => [rule.id, position]));
  const location = (file: string, region: Record<string, number>) => [
    { physicalLocation: { artifactLocation: { uri: relativeUri(file), uriBaseId: "%SRCROOT%" }, region } },
  ];
  const results = [
    ...report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ruleIndex: index.get(finding.ruleId) ?? 0,
      level: finding.severity,
      message: { text: finding.suggestion ? `${finding.message}\n${finding.suggestion}` : finding.message },
      locations: location(finding.file, {
        startLine: finding.line,
        startColumn: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
      }),
      partialFingerprints: { [fingerprintKey]: finding.fingerprint },
      ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
      properties: { checklistItem: finding.checklistItem },
    })),
    ...report.suppressed.map((entry) => ({
      ruleId: entry.ruleId,
      ruleIndex: index.get(entry.ruleId) ?? 0,
      level: rules[index.get(entry.ruleId) ?? 0]?.severity ?? "error",
      message: { text: entry.message },
      locations: location(entry.file, { startLine: entry.line, startColumn: entry.column }),
      partialFingerprints: { [fingerprintKey]: entry.fingerprint },
      suppressions: [{ kind: "inSource", ...(entry.reason === null ? {} : { justification: entry.reason }) }],
      properties: { checklistItem: entry.checklistItem },
    })),
  ].sort(
    (a, b) =>
      compare(
        a.locations[0]?.physicalLocation.artifactLocation.uri ?? "",
        b.locations[0]?.physicalLocation.artifactLocation.uri ?? "",
      ) ||
      (a.locations[0]?.physicalLocation.region.startLine ?? 0) -
        (b.locations[0]?.physicalLocation.region.startLine ?? 0) ||
      (a.locations[0]?.physicalLocation.region.startColumn ?? 0) -
        (b.locations[0]?.physicalLocation.region.startColumn ?? 0) ||
      compare(a.ruleId, b.ruleId),
  );
  const notifications = [
    ...report.parseErrors.map((error) => ({
      level: "warning",
      message: { text: `Not analysed: syntax error: ${error.message}` },
      locations: location(error.file, { startLine: error.line, startColumn: error.column }),
    })),
    ...report.analysisErrors.map((error) => ({
      level: "error",
      message: { text: `Not analysed: ${error.message}` },
      locations: location(error.file, {}).map((entry) => ({
        physicalLocation: { artifactLocation: entry.physicalLocation.artifactLocation },
      })),
    })),
    ...report.skipped.map((skipped) => ({
      level: "note",
      message: { text: `Skipped: ${skipped.reason}` },
      locations: location(skipped.file, {}).map((entry) => ({
        physicalLocation: { artifactLocation: entry.physicalLocation.artifactLocation },
      })),
    })),
  ];
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: repositoryUrl,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              helpUri: rule.helpUri,
              defaultConfiguration: { level: rule.severity },
              properties: {
                ...(rule.checklistItem ? { checklistItem: rule.checklistItem } : {}),
                tags: ["security", "multi-tenancy"],
              },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: directoryUri(report.root) } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * A root-relative path as a relative URI reference: every segment percent-encoded, so `#`, `?`,
 * `%` and spaces in names stay part of the path (encodeURI would leave `#` and `?` as delimiters).
 */
export function relativeUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

function directoryUri(root: string): string {
  const uri = pathToFileURL(root).href;
  return uri.endsWith("/") ? uri : `${uri}/`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
