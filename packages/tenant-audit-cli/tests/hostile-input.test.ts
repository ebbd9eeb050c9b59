/**
 * The catalogue of bad and hostile inputs from issue 12, in process (the real checks): each case
 * failed before its fix. The ones that need a child process (pipes, signals, devices, another
 * user for permissions) are in hostile-process.test.ts.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../src/audit.js";
import { runCli } from "../src/cli.js";
import { loadConfig } from "../src/config.js";
import { cleanUpAfterInterrupt, terminalReset } from "../src/interrupts.js";
import { formatMarkdown, formatSarif, formatText } from "../src/reporters/index.js";
import { captureIo, tempRepo } from "./helpers/temp-repo.js";

const run = async (dir: string, args: string[]) => {
  const io = captureIo(dir);
  const code = await runCli(args, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
};

const model =
  'import mongoose from "mongoose";\nconst Campaign = mongoose.model("Campaign", new mongoose.Schema({ tenantId: String, name: String }));\n';
const unscoped = `${model}export const all = () => Campaign.find({ name: "x" });\n`;

describe("nothing to audit is a usage error (exit 2), not a green run", () => {
  it("exits 2 for an empty folder", async () => {
    const result = await run(tempRepo({ "README.md": "# nothing here\n" }), ["--no-progress"]);
    expect(result).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "tenant-audit: nothing to audit: no TypeScript or JavaScript source file in this directory\n",
    });
  });

  it("exits 2 for a tsconfig whose include matches nothing", async () => {
    const dir = tempRepo({ "tsconfig.json": JSON.stringify({ include: ["lib/**/*.ts"] }), "src/a.ts": unscoped });
    const result = await run(dir, ["--no-progress"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'tenant-audit: nothing to audit: tsconfig.json matches no TypeScript or JavaScript source file (check its "include" and "files")\n',
    );
  });

  it("exits 2 for a path with no source under it", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped, "docs/readme.md": "x\n" });
    const result = await run(dir, ["--no-progress", "docs"]);
    expect(result).toMatchObject({
      code: 2,
      stderr: "tenant-audit: nothing to audit: no TypeScript or JavaScript source file under docs\n",
    });
  });
});

describe("--update-baseline with a bad --output", () => {
  it("writes neither the baseline nor the report", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped });
    const result = await run(dir, ["--no-progress", "--update-baseline", "--output", "no/such/dir/report.txt"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tenant-audit: cannot write .*report\.txt: /u);
    expect(existsSync(join(dir, "tenant-audit-baseline.json"))).toBe(false);
  });
});

describe("--output on existing files", () => {
  it("keeps a 0600 report's mode and a symlink (writing its target)", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped, "reports/real.json": "old\n", "private.json": "old\n" });
    chmodSync(join(dir, "private.json"), 0o600);
    symlinkSync("reports/real.json", join(dir, "link.json"));
    expect((await run(dir, ["--no-progress", "-f", "json", "-o", "private.json"])).code).toBe(1);
    expect(statSync(join(dir, "private.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, "private.json"), "utf8")).summary.findings).toBe(1);
    expect((await run(dir, ["--no-progress", "-f", "json", "-o", "link.json"])).code).toBe(1);
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.json"))).toBe("reports/real.json");
    expect(JSON.parse(readFileSync(join(dir, "reports/real.json"), "utf8")).summary.findings).toBe(1);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("configs", () => {
  it("accepts a JSON config with a byte order mark", async () => {
    const loaded = await loadConfig(
      tempRepo({ "tenant-audit.config.json": `\uFEFF${JSON.stringify({ tenantFields: ["orgId"] })}` }),
    );
    expect(loaded.settings.tenantFields).toEqual(["orgId"]);
  });

  it("runs a catastrophic globalKeys pattern in linear time (a backtracking engine would hang on this key)", async () => {
    const key = `${"a".repeat(40)}b`;
    const source = `import { Redis } from "ioredis";\nconst redis = new Redis();\nexport const read = () => redis.get("${key}");\n`;
    const dir = tempRepo({
      "tenant-audit.config.json": JSON.stringify({ globalKeys: ["^(a+)+$"] }),
      "src/cache.ts": source,
    });
    const started = performance.now();
    const report = await audit({ cwd: dir });
    expect(performance.now() - started).toBeLessThan(20_000);
    // The key does not match the pattern, so it is still a finding.
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["tenant/require-tenant-redis-key"]);
  });

  it("rejects null as a config (it is not the defaults)", async () => {
    const result = await run(tempRepo({ "tenant-audit.config.json": "null\n", "src/a.ts": unscoped }), [
      "--no-progress",
    ]);
    expect(result).toMatchObject({
      code: 2,
      stderr:
        "tenant-audit: invalid configuration in tenant-audit.config.json: expected an object of settings, got null\n",
    });
  });

  it("reports a TypeScript syntax error in a .ts config with its position", async () => {
    const dir = tempRepo({
      "tenant-audit.config.ts": 'const x: = 1;\nexport default { tenantFields: ["orgId"] };\n',
      "src/a.ts": unscoped,
    });
    const result = await run(dir, ["--no-progress"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "tenant-audit: syntax error in config tenant-audit.config.ts (line 1, column 10): Type expected.\n",
    );
  });

  it("gives up on a top-level await that never settles, with a message", async () => {
    const dir = tempRepo({
      "tenant-audit.config.ts": "await new Promise(() => {});\nexport default {};\n",
      "src/a.ts": unscoped,
    });
    process.env.TENANT_AUDIT_CONFIG_TIMEOUT = "0.5";
    try {
      const result = await run(dir, ["--no-progress"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "tenant-audit: config tenant-audit.config.ts did not finish loading within 0.5 s (a top-level await that never settles?)\n",
      );
    } finally {
      delete process.env.TENANT_AUDIT_CONFIG_TIMEOUT;
    }
  });

  it("is found where the code is: the one path given, then the working directory, and the report names it", async () => {
    const dir = tempRepo({
      "tenant-audit.config.json": JSON.stringify({ tenantFields: ["fromCwd"] }),
      "packages/api/tenant-audit.config.json": JSON.stringify({ tenantFields: ["orgId"] }),
      "packages/api/src/a.ts": "export const a = 1;\n",
      "packages/web/src/b.ts": "export const b = 1;\n",
    });
    const api = await audit({ cwd: dir, paths: ["packages/api"] });
    expect(api.config).toBe("packages/api/tenant-audit.config.json");
    const web = await audit({ cwd: dir, paths: ["packages/web"] });
    expect(web.config).toBe("tenant-audit.config.json");
    expect(formatText(api)).toContain("config: packages/api/tenant-audit.config.json\n");
    expect(formatMarkdown(api)).toContain("Config: `packages/api/tenant-audit.config.json`.");
  });

  it("is found in the folder of the tsconfig given with --project; --config still wins", async () => {
    const dir = tempRepo({
      "svc/tsconfig.json": JSON.stringify({ include: ["src"] }),
      "svc/package.json": JSON.stringify({ tenantAudit: { tenantFields: ["orgId"] } }),
      "svc/src/a.ts": "export const a = 1;\n",
      "other.json": JSON.stringify({ tenantFields: ["x"] }),
    });
    expect((await audit({ cwd: dir, project: "svc/tsconfig.json" })).config).toBe("svc/package.json#tenantAudit");
    expect((await audit({ cwd: dir, project: "svc/tsconfig.json", config: "other.json" })).config).toBe("other.json");
  });
});

describe("the terminal on an interrupt", () => {
  it("shows the cursor and turns line wrap back on after the progress bar hid them", async () => {
    const dir = tempRepo({
      "src/a.ts": unscoped,
      "tenant-audit.config.mjs": "await new Promise((resolve) => setTimeout(resolve, 800));\nexport default {};\n",
    });
    const io = captureIo(dir);
    const written: string[] = [];
    const running = runCli([], { ...io.io, stderr: { write: (text: string) => written.push(text), isTTY: true } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    cleanUpAfterInterrupt();
    expect(written.join("")).toContain(terminalReset);
    await running;
  });

  it("draws no full 0/0 bar while loading", async () => {
    const io = captureIo(tempRepo({ "src/a.ts": unscoped }));
    const written: string[] = [];
    await runCli([], { ...io.io, stderr: { write: (text: string) => written.push(text), isTTY: true } });
    expect(written.join("")).not.toMatch(/0\/0 files/u);
    expect(written.join("")).toContain("tenant-audit loading…");
  });
});

describe("source files", () => {
  it("decodes UTF-16 with a byte order mark (it is not binary) and finds what it holds", async () => {
    const dir = tempRepo({});
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/le.ts"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unscoped, "utf16le")]));
    writeFileSync(
      join(dir, "src/be.ts"),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(unscoped, "utf16le").swap16()]),
    );
    const report = await audit({ cwd: dir });
    expect(report.parseErrors).toEqual([]);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(["src/be.ts:3", "src/le.ts:3"]);
  });

  it("audits files under a symlinked folder loop once", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped });
    symlinkSync("..", join(dir, "src/up"));
    const report = await audit({ cwd: dir });
    expect(report.summary.files).toBe(1);
    expect(report.findings).toHaveLength(1);
  });
});

describe("messages quote code as written", () => {
  it('keeps the spaces of `x as { … }` and says "queue" once', async () => {
    const source = [
      'import Fastify from "fastify";',
      'import { Queue } from "bullmq";',
      "const app = Fastify();",
      'const queue = new Queue("emails");',
      'const emails = new Queue("emails");',
      'app.get("/x", async (request) => {',
      "  const tenantId = (request.query as { tenantId: string }).tenantId;",
      '  await queue.add("send", { to: "a" });',
      '  await emails.add("send", { to: "a" });',
      "  return tenantId;",
      "});",
      "",
    ].join("\n");
    const report = await audit({ cwd: tempRepo({ "src/a.ts": source }) });
    expect(report.findings.map((finding) => finding.message)).toEqual([
      "Tenant id (request.query as { tenantId: string }).tenantId comes from the request query, which the client controls; take it from the verified token",
      "Job added to queue has no tenantId in its data; the worker cannot tell whose job it runs",
      "Job added to queue emails has no tenantId in its data; the worker cannot tell whose job it runs",
    ]);
  });
});

describe("--from-report: one audit, several formats (CI)", () => {
  it("renders a saved JSON report as SARIF and Markdown, identical to a direct run, with the audit's exit status", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped });
    expect((await run(dir, ["--no-progress", "-f", "json", "-o", "report.json"])).code).toBe(1);
    for (const format of ["sarif", "markdown", "text"]) {
      const direct = await run(dir, ["--no-progress", "-f", format]);
      const rendered = await run(dir, ["--from-report", "report.json", "-f", format]);
      expect(rendered).toEqual({ code: 1, stdout: direct.stdout, stderr: "" });
    }
    expect((await run(dir, ["--from-report", "report.json", "-f", "sarif", "-o", "audit.sarif"])).code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, "audit.sarif"), "utf8")).runs[0].results).toHaveLength(1);
  });

  it("refuses audit options and files that are not reports", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped, "other.json": '{"findings": []}' });
    expect(await run(dir, ["--from-report", "other.json"])).toMatchObject({
      code: 2,
      stderr:
        "tenant-audit: cannot read report other.json: not a tenant-audit JSON report (schemaVersion 1; write one with --format json)\n",
    });
    expect(await run(dir, ["--from-report", "other.json", "--baseline", "b.json", "src"])).toMatchObject({
      code: 2,
      stderr: "tenant-audit: --from-report renders a saved report: it cannot be combined with paths, --baseline\n",
    });
  });
});

describe("names in reports", () => {
  it("escapes # and ? (and every other reserved character) in SARIF URIs", async () => {
    const report = await audit({ cwd: tempRepo({ "src/a#b?c d%.ts": unscoped }) });
    const sarif = JSON.parse(formatSarif(report));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("src/a%23b%3Fc%20d%25.ts");
  });

  it.each([
    [
      "with a tsconfig",
      { "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", types: [] }, include: ["src"] }) },
    ],
    ["discovered without one", {}],
  ])("keeps a newline in a file name on one line of the text and Markdown reports (%s)", async (_, extra) => {
    const report = await audit({
      cwd: tempRepo({ ...extra, "src/evil\nsrc/forged.ts:1:1  error  fake.ts": unscoped }),
    });
    const text = formatText(report);
    expect(text).toContain("src/evil\\nsrc/forged.ts:1:1  error  fake.ts:3:");
    expect(text.split("\n").filter((line) => line.startsWith("src/forged.ts"))).toEqual([]);
    const markdown = formatMarkdown(report);
    expect(markdown).toContain("`src/evil\\nsrc/forged.ts:1:1  error  fake.ts:3:");
    expect(markdown.split("\n").filter((line) => line.startsWith("src/forged.ts"))).toEqual([]);
  });
});
