import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../src/audit.js";
import { formatJson } from "../src/reporters/json.js";
import { formatMarkdown, markdownMarker } from "../src/reporters/markdown.js";
import { fingerprintKey, formatSarif } from "../src/reporters/sarif.js";
import { formatText } from "../src/reporters/text.js";
import type { Report } from "../src/types.js";
import { useStubChecks, warningOnlySource } from "./helpers/stub-checks.js";
import { fixturesDir, tempRepo } from "./helpers/temp-repo.js";

useStubChecks();

// CommonJS packages whose default export NodeNext types as the module namespace.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const require = createRequire(import.meta.url);
const reportSchema = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../docs/report.schema.json", import.meta.url)), "utf8"),
);
// The official SARIF 2.1.0 schema, as shipped in an npm package (not copied into this repository).
const sarifSchemaPath = join(
  dirname(require.resolve("@microsoft/jest-sarif/package.json")),
  "lib/schemas/sarif-2.1.0-rtm.5.json",
);
const sarifSchema = JSON.parse(readFileSync(sarifSchemaPath, "utf8"));

let report: Report;
let baselined: Report;
beforeAll(async () => {
  const app = join(fixturesDir, "stub-app");
  report = await audit({ cwd: app });
  const first = report.findings[0];
  baselined = await audit({
    cwd: app,
    baseline: first
      ? [{ fingerprint: first.fingerprint, ruleId: first.ruleId, file: first.file, message: first.message }]
      : [],
  });
});

describe("json", () => {
  const validate = addFormats(new Ajv({ allErrors: true, strict: true })).compile(reportSchema);

  it("validates against docs/report.schema.json, with and without a baseline", () => {
    for (const candidate of [report, baselined]) {
      const valid = validate(JSON.parse(formatJson(candidate)));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it("rejects what the schema forbids (it is not vacuous)", () => {
    const broken = JSON.parse(formatJson(report));
    broken.checklist.pop();
    broken.findings[0].line = 0;
    expect(validate(broken)).toBe(false);
  });

  it("validates a report with parse errors, skipped files and --changed-since too", async () => {
    const dir = tempRepo({ "src/broken.ts": "export const = 1;\n", "src/types.d.ts": "export {};\n" }, "stub-app");
    const partial = await audit({ cwd: dir });
    expect(validate(JSON.parse(formatJson({ ...partial, changedSince: "main" })))).toBe(true);
    expect(partial.parseErrors).toHaveLength(1);
    expect(partial.skipped).toHaveLength(1);
  });
});

describe("reports with analysis errors and a config (added in 0.2.0)", () => {
  it("validate against both schemas", () => {
    const withErrors: Report = {
      ...report,
      summary: { ...report.summary, analysisErrors: 2, passed: false },
      analysisErrors: [
        {
          file: "src/deep.ts",
          message: "not analysed: the code is nested too deeply to analyse (Maximum call stack size exceeded)",
        },
        { file: "src/locked", message: "cannot read directory: EACCES" },
      ],
      config: "packages/api/tenant-audit.config.json",
    };
    const validateReport = addFormats(new Ajv({ allErrors: true, strict: true })).compile(reportSchema);
    expect(validateReport(JSON.parse(formatJson(withErrors)))).toBe(true);
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validateSarif = ajv.compile(sarifSchema);
    const sarif = JSON.parse(formatSarif(withErrors));
    expect(validateSarif(sarif)).toBe(true);
    expect(
      sarif.runs[0].invocations[0].toolExecutionNotifications.filter(
        (entry: { level: string }) => entry.level === "error",
      ),
    ).toHaveLength(2);
    expect(formatMarkdown(withErrors)).toContain(
      "| `src/deep.ts` | **error**: not analysed: the code is nested too deeply",
    );
  });
});

describe("sarif", () => {
  // The official schema has a pattern that is only valid without the `u` flag (a stray `]` in the language pattern).
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(sarifSchema);

  it("validates against the SARIF 2.1.0 schema", () => {
    for (const candidate of [report, baselined]) {
      const valid = validate(JSON.parse(formatSarif(candidate)));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it("rejects an invalid log (the schema is really applied)", () => {
    const log = JSON.parse(formatSarif(report));
    log.runs[0].results[0].level = "fatal";
    expect(validate(log)).toBe(false);
  });

  it("lists every rule with a help URI, fingerprints results and carries suppressions with their justification", () => {
    const log = JSON.parse(formatSarif(report));
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      "tenant/require-tenant-filter",
      "tenant/require-tenant-on-write",
      "tenant/require-tenant-redis-key",
      "tenant/require-tenant-job-data",
      "tenant/require-tenant-log-context",
      "tenant/require-llm-rate-limit",
      "tenant/no-global-tenant-state",
      "tenant/no-untrusted-tenant-id",
      "tenant-audit/suppression-without-reason",
    ]);
    // Every rule's finding is an error, in configs.recommended or not; the CLI's own rule is the one warning.
    expect(
      run.tool.driver.rules.map((rule: { defaultConfiguration: { level: string } }) => rule.defaultConfiguration.level),
    ).toEqual([...Array(8).fill("error"), "warning"]);
    expect(run.tool.driver.rules[0].helpUri).toMatch(/\/docs\/rules\/require-tenant-filter\.md$/u);
    const open = run.results.filter((result: { suppressions?: unknown }) => !result.suppressions);
    expect(
      open.map((result: { partialFingerprints: Record<string, string> }) => result.partialFingerprints[fingerprintKey]),
    ).toEqual(report.findings.map((finding) => finding.fingerprint));
    const suppressed = run.results.filter((result: { suppressions?: unknown }) => result.suppressions);
    expect(suppressed.map((result: { suppressions: unknown }) => result.suppressions)).toEqual([
      [{ kind: "inSource", justification: "admin report across all tenants" }],
      [{ kind: "inSource" }],
      [{ kind: "inSource", justification: "the migration runs across every tenant" }],
    ]);
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/campaigns.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 4, startColumn: 10, endLine: 4, endColumn: 35 },
    });
    expect(JSON.parse(formatSarif(baselined)).runs[0].results[0].baselineState).toBe("unchanged");
  });
});

describe("markdown", () => {
  it("is a PR comment: marker, checklist table, new findings first, baseline and suppressions folded", () => {
    const text = formatMarkdown(baselined);
    expect(text.startsWith(`${markdownMarker}\n## ❌ tenant-audit failed\n`)).toBe(true);
    expect(text).toContain("| ❌ | Does every DB query include tenantId? | fail | 7 | 1 | 3 |");
    expect(text).toContain("| ➖ | Does every Redis key include tenantId? | not applicable | 0 | 0 | 0 |");
    const newAt = text.indexOf("### New findings (3)");
    const knownAt = text.indexOf("### Already in the baseline (1)");
    const suppressedAt = text.indexOf("### Suppressed (3)");
    expect(newAt).toBeGreaterThan(0);
    expect(knownAt).toBeGreaterThan(newAt);
    expect(suppressedAt).toBeGreaterThan(knownAt);
    expect(text).toContain("<details open>\n<summary>3 new findings</summary>");
    expect(text).toContain("<details>\n<summary>1 baselined finding</summary>");
    expect(text).toContain("| `src/reports.ts:5` | `tenant/require-tenant-filter` | admin report across all tenants |");
    expect(text).toContain("| `src/reports.ts:6` | `tenant/require-tenant-filter` | _no reason given_ |");
    expect(text).toContain("| `src/campaigns.ts` | `tenant/require-tenant-filter` | 1 |");
  });

  it("escapes pipes and HTML coming from messages", () => {
    const finding = report.findings[0];
    if (!finding) throw new Error("fixture has findings");
    const tricky = { ...report, findings: [{ ...finding, message: "a | b <script>" }] };
    expect(formatMarkdown(tricky)).toContain("a \\| b &lt;script&gt;");
  });
});

describe("text", () => {
  it("shows the checklist with marks, then findings grouped by item, without colours by default", () => {
    const text = formatText(report);
    expect(text).not.toMatch(/\u001b\[/u);
    const lines = text.split("\n");
    expect(lines.slice(0, 12)).toEqual([
      "tenant-audit: 3 files audited",
      "config: none found, defaults used",
      "",
      "Checklist",
      "  ✖ Does every DB query include tenantId? (3 findings, 7 checked, 1 unverified)",
      "  – Does every Redis key include tenantId? (not applicable: nothing of this kind found)",
      "  – Does every job queue include tenantId in job data? (not applicable: nothing of this kind found)",
      "  ✖ Does every log line include tenantId for debugging? (1 finding, 1 checked)",
      "  – Does this feature respect per-tenant billing limits? (not applicable: nothing of this kind found)",
      "  – Is no tenant's prompt or conversation held in shared memory? (not applicable: nothing of this kind found)",
      "  – Does the tenant id come only from the verified token? (not applicable: nothing of this kind found)",
      "",
    ]);
    expect(text).toContain(
      'db-queries: Does every DB query include tenantId?\n  src/campaigns.ts:4:10  error    Query on "Campaign" has no tenant filter  tenant/require-tenant-filter\n    → Add tenantId to the filter of "Campaign"\n',
    );
    expect(text).toContain(
      "Suppressed (3)\n  src/reports.ts:5:3  tenant/require-tenant-filter  admin report across all tenants\n",
    );
    expect(text).toContain(
      "Could not be verified (1 site, not reported as findings)\n  src/campaigns.ts  1 × tenant/require-tenant-filter\n",
    );
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "4 findings (3 errors, 1 warning), 3 suppressed: failed (--fail-on error)",
    );
  });

  it("marks an item with only a warning finding or unverified sites with !, and the warning in the finding line", async () => {
    const dir = tempRepo({ "src/a.ts": warningOnlySource });
    const text = formatText(await audit({ cwd: dir }));
    expect(text).toContain("  ! Does every DB query include tenantId? (0 findings, 1 checked, 1 unverified)\n");
    expect(text).toContain("  ! Does every log line include tenantId for debugging? (1 finding, 1 checked)\n");
    expect(text).toMatch(/\n  src\/a\.ts:4:\d+  warning  .*  tenant-audit\/suppression-without-reason\n/u);
    expect(text.trimEnd().split("\n").at(-1)).toBe("1 finding (0 errors, 1 warning), 1 suppressed: passed");
  });

  it("colours on request", () => {
    expect(formatText(report, { color: true })).toMatch(/\u001b\[31m✖/u);
  });
});
