import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../src/audit.js";
import { formatJson } from "../src/reporters/json.js";
import { useStubChecks, warningOnlySource } from "./helpers/stub-checks.js";
import { fixturesDir, tempRepo } from "./helpers/temp-repo.js";

useStubChecks();

const stubApp = join(fixturesDir, "stub-app");

describe("audit() on a fixture repository", () => {
  it("reports each unsuppressed finding with a 1-based position, relative path and suggestion", async () => {
    const report = await audit({ cwd: stubApp });
    expect(
      report.findings.map(({ ruleId, file, line, column, endLine, endColumn, severity, suggestion }) => ({
        ruleId,
        file,
        line,
        column,
        endLine,
        endColumn,
        severity,
        suggestion,
      })),
    ).toEqual([
      {
        ruleId: "tenant/require-tenant-filter",
        file: "src/campaigns.ts",
        line: 4,
        column: 10,
        endLine: 4,
        endColumn: 35,
        severity: "error",
        suggestion: 'Add tenantId to the filter of "Campaign"',
      },
      // A rule outside configs.recommended: its finding is an error too.
      {
        ruleId: "tenant/require-tenant-log-context",
        file: "src/campaigns.ts",
        line: 10,
        column: 3,
        endLine: 10,
        endColumn: 35,
        severity: "error",
        // The stand-in check offers no suggestion: the CLI's remediation line for the rule fills in.
        suggestion: "Log through a child logger bound to the tenant, or add tenantId to the log fields",
      },
      // The `eslint-disable-line` on line 6 gives no reason: the directive itself is a warning.
      {
        ruleId: "tenant-audit/suppression-without-reason",
        file: "src/reports.ts",
        line: 6,
        column: 29,
        endLine: 6,
        endColumn: 80,
        severity: "warning",
        suggestion:
          'Explain the exception after "--", e.g. "// eslint-disable-line tenant/require-tenant-filter -- admin report across all tenants"',
      },
      {
        ruleId: "tenant/require-tenant-filter",
        file: "src/reports.ts",
        line: 16,
        column: 3,
        endLine: 16,
        endColumn: 25,
        severity: "error",
        suggestion: 'Add tenantId to the filter of "After"',
      },
    ]);
    expect(report.root).toBe(stubApp);
    expect(report.summary).toMatchObject({
      files: 3,
      findings: 4,
      errors: 3,
      warnings: 1,
      suppressed: 3,
      unverified: 1,
      passed: false,
    });
  });

  it("answers the seven checklist items in contract order, with counts and statuses", async () => {
    const report = await audit({ cwd: stubApp });
    expect(report.checklist).toEqual([
      {
        id: "db-queries",
        question: "Does every DB query include tenantId?",
        status: "fail",
        checked: 7,
        unverified: 1,
        findings: 3,
      },
      {
        id: "redis-keys",
        question: "Does every Redis key include tenantId?",
        status: "not-applicable",
        checked: 0,
        unverified: 0,
        findings: 0,
      },
      {
        id: "job-queues",
        question: "Does every job queue include tenantId in job data?",
        status: "not-applicable",
        checked: 0,
        unverified: 0,
        findings: 0,
      },
      {
        id: "log-lines",
        question: "Does every log line include tenantId for debugging?",
        status: "fail",
        checked: 1,
        unverified: 0,
        findings: 1,
      },
      {
        id: "billing-limits",
        question: "Does this feature respect per-tenant billing limits?",
        status: "not-applicable",
        checked: 0,
        unverified: 0,
        findings: 0,
      },
      {
        id: "prompt-isolation",
        question: "Is no tenant's prompt or conversation held in shared memory?",
        status: "not-applicable",
        checked: 0,
        unverified: 0,
        findings: 0,
      },
      {
        id: "tenant-source",
        question: "Does the tenant id come only from the verified token?",
        status: "not-applicable",
        checked: 0,
        unverified: 0,
        findings: 0,
      },
    ]);
    expect(report.unverified).toEqual([{ file: "src/campaigns.ts", ruleId: "tenant/require-tenant-filter", count: 1 }]);
  });

  it("warns on an item with only a warning finding or only unverified sites, and passes the run", async () => {
    const dir = tempRepo({ "src/a.ts": warningOnlySource });
    const report = await audit({ cwd: dir });
    expect(report.checklist.find((item) => item.id === "db-queries")).toMatchObject({
      status: "warn",
      checked: 1,
      unverified: 1,
      findings: 0,
    });
    expect(report.checklist.find((item) => item.id === "log-lines")).toMatchObject({
      status: "warn",
      checked: 1,
      unverified: 0,
      findings: 1,
    });
    expect(report.findings.map(({ ruleId, severity }) => ({ ruleId, severity }))).toEqual([
      { ruleId: "tenant-audit/suppression-without-reason", severity: "warning" },
    ]);
    expect(report.summary).toMatchObject({
      findings: 1,
      errors: 0,
      warnings: 1,
      suppressed: 1,
      unverified: 1,
      passed: true,
    });
  });

  it("puts the configured tenant field into the questions", async () => {
    const dir = tempRepo(
      { "tenant-audit.config.json": JSON.stringify({ tenantFields: ["orgId", "tenantId"] }) },
      "stub-app",
    );
    const report = await audit({ cwd: dir });
    expect(report.checklist[0]?.question).toBe("Does every DB query include orgId?");
  });

  it("passes an item whose sites are all scoped", async () => {
    const dir = tempRepo(
      {
        "src/ok.ts": 'import { scopedQuery } from "./db.js";\nexport const run = (t: string) => scopedQuery("A", t);\n',
      },
      undefined,
    );
    const report = await audit({ cwd: dir });
    expect(report.checklist[0]).toMatchObject({
      id: "db-queries",
      status: "pass",
      checked: 1,
      unverified: 0,
      findings: 0,
    });
    expect(report.summary.passed).toBe(true);
  });

  it("restricts the report to the given paths but keeps whole-project types", async () => {
    const report = await audit({ cwd: stubApp, paths: ["src/reports.ts"] });
    expect(report.summary.files).toBe(1);
    expect(new Set(report.findings.map((finding) => finding.file))).toEqual(new Set(["src/reports.ts"]));
  });

  it("reports progress: loading, collecting facts, then each file analysed", async () => {
    const events: string[] = [];
    await audit({
      cwd: stubApp,
      onProgress: ({ phase, done, total, file }) => events.push(`${phase} ${done}/${total} ${file}`.trim()),
    });
    expect(events).toEqual([
      "loading 0/0",
      "collecting facts 0/3",
      "analysing 0/3 src/campaigns.ts",
      "analysing 1/3 src/db.ts",
      "analysing 2/3 src/reports.ts",
      "analysing 3/3",
    ]);
  });

  it("gives byte-identical output across runs", async () => {
    const first = formatJson(await audit({ cwd: stubApp }));
    const second = formatJson(await audit({ cwd: stubApp }));
    expect(second).toBe(first);
  });
});

describe("files it cannot analyse are reported, not dropped", () => {
  it("lists syntax errors with their position and keeps auditing the rest", async () => {
    const dir = tempRepo({ "src/broken.ts": "export const x = ;\nunscopedQuery('X');\n" }, "stub-app");
    const report = await audit({ cwd: dir });
    expect(report.parseErrors).toEqual([
      { file: "src/broken.ts", line: 1, column: 18, message: "Expression expected." },
    ]);
    expect(report.summary).toMatchObject({ files: 3, parseErrors: 1 });
  });

  it("lists declaration files and non-source files named on the command line as skipped", async () => {
    const dir = tempRepo({ "src/types.d.ts": "export declare const a: string;\n", "README.md": "# hi\n" }, "stub-app");
    const report = await audit({ cwd: dir, paths: ["src", "README.md"] });
    expect(report.skipped).toEqual([
      { file: "README.md", reason: "not a TypeScript or JavaScript file" },
      { file: "src/types.d.ts", reason: "declaration file" },
    ]);
  });
});

describe("project loading", () => {
  it("without a tsconfig, audits every .ts/.tsx/.js/.mjs/.cjs file under the paths, respecting .gitignore", async () => {
    const call = 'unscopedQuery("M");\n';
    const dir = tempRepo({
      ".gitignore": "build/\n*.generated.ts\n",
      "a.ts": call,
      "b.tsx": call,
      "c.js": call,
      "d.mjs": call,
      "e.cjs": call,
      "notes.txt": call,
      "build/out.js": call,
      "x.generated.ts": call,
      "node_modules/pkg/index.js": call,
      "nested/.gitignore": "secret.ts\n",
      "nested/secret.ts": call,
      "nested/kept.ts": call,
    });
    const report = await audit({ cwd: dir });
    expect(report.findings.map((finding) => finding.file)).toEqual([
      "a.ts",
      "b.tsx",
      "c.js",
      "d.mjs",
      "e.cjs",
      "nested/kept.ts",
    ]);
  });

  it("loads a path outside the root tsconfig with the nearest tsconfig above it", async () => {
    const query = 'declare function unscopedQuery(m: string): void;\nunscopedQuery("A");\n';
    const dir = tempRepo({
      "tsconfig.json": JSON.stringify({ compilerOptions: { types: [] }, include: ["src"] }),
      "fixtures/tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ["**/*.ts"] }),
      "fixtures/a.ts": query,
      "loose/b.ts": query,
    });
    const report = await audit({ cwd: dir, paths: ["fixtures", "loose"] });
    expect(report.findings.map((finding) => finding.file)).toEqual(["fixtures/a.ts", "loose/b.ts"]);
  });

  it("follows `extends` into a package", async () => {
    const dir = tempRepo({
      "node_modules/@acme/tsconfig/package.json": JSON.stringify({ name: "@acme/tsconfig", version: "1.0.0" }),
      "node_modules/@acme/tsconfig/base.json": JSON.stringify({
        compilerOptions: { strict: true, types: [] },
        include: ["${configDir}/app"],
      }),
      "tsconfig.json": JSON.stringify({ extends: "@acme/tsconfig/base.json" }),
      "app/a.ts": 'declare function unscopedQuery(m: string): void;\nunscopedQuery("A");\n',
      "other/b.ts": 'declare function unscopedQuery(m: string): void;\nunscopedQuery("B");\n',
    });
    const report = await audit({ cwd: dir });
    expect(report.findings.map((finding) => finding.file)).toEqual(["app/a.ts"]);
  });

  it("follows project references from a solution-style tsconfig", async () => {
    const packageConfig = JSON.stringify({
      compilerOptions: { composite: true, strict: true, types: [] },
      include: ["src"],
    });
    const dir = tempRepo({
      "tsconfig.json": JSON.stringify({ files: [], references: [{ path: "packages/a" }, { path: "packages/b" }] }),
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { strict: true } }),
      "packages/a/tsconfig.json": packageConfig,
      "packages/a/src/a.ts": 'declare function unscopedQuery(m: string): void;\nunscopedQuery("A");\n',
      "packages/b/tsconfig.json": JSON.stringify({
        extends: "../../tsconfig.base.json",
        compilerOptions: { composite: true, types: [] },
        include: ["src"],
      }),
      "packages/b/src/b.ts": 'declare function unscopedQuery(m: string): void;\nunscopedQuery("B");\n',
    });
    const report = await audit({ cwd: dir });
    expect(report.findings.map((finding) => finding.file)).toEqual(["packages/a/src/a.ts", "packages/b/src/b.ts"]);
  });
});
