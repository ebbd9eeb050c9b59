import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { useStubChecks } from "./helpers/stub-checks.js";
import { captureIo, fixturesDir, git, initGit, tempRepo, writeFiles } from "./helpers/temp-repo.js";

useStubChecks();

const run = async (dir: string, args: string[], tty = false) => {
  const io = captureIo(dir, tty);
  const code = await runCli(args, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
};

const clean = {
  "src/db.ts": "export function scopedQuery(m: string, t: string) { return m + t; }\n",
  "src/ok.ts": 'import { scopedQuery } from "./db.js";\nexport const f = (t: string) => scopedQuery("A", t);\n',
};

describe("exit status", () => {
  it("is 0 when nothing reaches --fail-on", async () => {
    expect((await run(tempRepo(clean), ["--no-progress"])).code).toBe(0);
  });

  it("is 1 with an error finding, and follows --fail-on", async () => {
    const app = join(fixturesDir, "stub-app");
    expect((await run(app, [])).code).toBe(1);
    expect((await run(app, ["--fail-on", "never"])).code).toBe(0);
    // A finding of a rule outside configs.recommended is an error: it fails at the default level.
    const log = 'declare function unscopedLog(m: string): void;\nunscopedLog("x");\n';
    expect((await run(tempRepo({ "src/log.ts": log }), [])).code).toBe(1);
    // Only a warning (that finding suppressed without a reason): passes at the default level, fails with --fail-on warning.
    const warnings = tempRepo({
      "src/log.ts":
        'declare function unscopedLog(m: string): void;\n// eslint-disable-next-line tenant/require-tenant-log-context\nunscopedLog("x");\n',
    });
    const passing = await run(warnings, []);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain("tenant-audit/suppression-without-reason");
    expect((await run(warnings, ["--fail-on", "warning"])).code).toBe(1);
  });

  it("prints help and the version with 0", async () => {
    const help = await run(tempRepo(), ["--help"]);
    expect(help.code).toBe(0);
    for (const flag of [
      "--project",
      "--config",
      "--format",
      "--output",
      "--baseline",
      "--update-baseline",
      "--changed-since",
      "--fail-on",
      "--no-progress",
    ]) {
      expect(help.stdout).toContain(flag);
    }
    const version = await run(tempRepo(), ["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });
});

describe("usage and input errors: one line on stderr, exit 2, no report", () => {
  const cases: [string, Record<string, string>, string[], RegExp][] = [
    ["an unknown flag", {}, ["--frobnicate"], /^tenant-audit: unknown option '--frobnicate'\n$/u],
    [
      "an unknown format",
      {},
      ["--format", "xml"],
      /^tenant-audit: option '-f, --format <format>' argument 'xml' is invalid\. Allowed choices are text, json, markdown, sarif\.\n$/u,
    ],
    ["an unknown --fail-on level", {}, ["--fail-on", "info"], /argument 'info' is invalid/u],
    [
      "a missing tsconfig",
      {},
      ["--project", "nope/tsconfig.json"],
      /^tenant-audit: tsconfig not found: nope\/tsconfig\.json\n$/u,
    ],
    [
      "a broken tsconfig",
      { "tsconfig.json": '{ "compilerOptions": { "target": "ES2022", } ' },
      [],
      /^tenant-audit: broken tsconfig tsconfig\.json: .*\n$/u,
    ],
    [
      "a tsconfig extending a missing file",
      { "tsconfig.json": '{ "extends": "./missing.json" }' },
      [],
      /^tenant-audit: broken tsconfig tsconfig\.json: .*missing\.json.*\n$/u,
    ],
    [
      "an unreadable baseline",
      {},
      ["--baseline", "missing-baseline.json"],
      /^tenant-audit: cannot read baseline missing-baseline\.json: .*\n$/u,
    ],
    [
      "a malformed baseline",
      { "b.json": '{ "findings": 3 }' },
      ["--baseline", "b.json"],
      /^tenant-audit: cannot read baseline b\.json: expected/u,
    ],
    ["a path that does not exist", {}, ["src/missing.ts"], /^tenant-audit: path not found: src\/missing\.ts\n$/u],
    [
      "a directory that is not a git repository",
      {},
      ["--changed-since", "main"],
      /^tenant-audit: --changed-since main: git failed: fatal: not a git repository.*\n$/u,
    ],
    [
      "a bad git ref",
      {},
      ["--changed-since", "no-such-ref"],
      /^tenant-audit: --changed-since no-such-ref: not a commit in this repository\n$/u,
    ],
  ];
  for (const [name, files, args, message] of cases) {
    it(`rejects ${name}`, async () => {
      const dir = tempRepo({ ...clean, ...files });
      if (name === "a bad git ref") initGit(dir);
      const result = await run(dir, [...args, "--output", "out.txt"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
      expect(existsSync(join(dir, "out.txt"))).toBe(false);
    });
  }
});

describe("--output", () => {
  it("writes the report to the file and nothing to stdout, leaving no temporary file", async () => {
    const dir = tempRepo(clean);
    const result = await run(dir, ["--format", "json", "--output", "out.json"]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).summary.files).toBe(2);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("fails with 2 and one line when the file cannot be written", async () => {
    const dir = tempRepo(clean);
    const result = await run(dir, ["--output", "no/such/dir/out.txt"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tenant-audit: cannot write .*out\.txt: .*\n$/u);
  });
});

describe("colours and progress", () => {
  it("uses colours only on a terminal", async () => {
    const app = join(fixturesDir, "stub-app");
    const piped = await run(app, []);
    expect(piped.stdout).not.toMatch(/\u001b\[/u);
    const previous = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      const terminal = await run(app, [], true);
      expect(terminal.stdout).toMatch(/\u001b\[/u);
    } finally {
      if (previous !== undefined) process.env.NO_COLOR = previous;
    }
  });

  it("draws no progress bar when stderr is not a terminal or with --no-progress", async () => {
    const app = join(fixturesDir, "stub-app");
    expect((await run(app, [])).stderr).toBe("");
    const io = captureIo(app);
    const ttyErr: string[] = [];
    const withTty = { ...io.io, stderr: { write: (text: string) => ttyErr.push(text), isTTY: true } };
    await runCli(["--no-progress"], withTty);
    expect(ttyErr.join("")).toBe("");
  });
});

describe("baselines", () => {
  const queries = (...models: string[]) =>
    `declare function unscopedQuery(m: string): void;\n${models.map((model) => `export function q${model}() {\n  unscopedQuery("${model}");\n}\n`).join("")}`;

  it("--update-baseline records the findings; the next run passes until a new finding appears", async () => {
    const dir = tempRepo({ "src/a.ts": queries("A", "B") });
    const update = await run(dir, ["--update-baseline", "--baseline", "baseline.json"]);
    expect(update.code).toBe(0);
    expect(update.stderr).toBe("tenant-audit: wrote 2 findings to baseline.json\n");
    const baseline = JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8"));
    expect(baseline.findings).toHaveLength(2);
    expect((await run(dir, ["--baseline", "baseline.json"])).code).toBe(0);

    // Lines moving above a known finding keep it known.
    writeFiles(dir, { "src/a.ts": `// a comment\n\n${queries("A", "B")}` });
    expect((await run(dir, ["--baseline", "baseline.json"])).code).toBe(0);

    // Fixing one finding and adding another in the same file does not cancel out.
    writeFiles(dir, { "src/a.ts": queries("A", "C") });
    const result = await run(dir, ["--baseline", "baseline.json", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(
      report.findings.map((finding: { message: string; baselineState: string }) => [
        finding.message,
        finding.baselineState,
      ]),
    ).toEqual([
      ['Query on "A" has no tenant filter', "unchanged"],
      ['Query on "C" has no tenant filter', "new"],
    ]);
    expect(report.summary).toMatchObject({ findings: 2, new: 1, baselined: 1, passed: false });
  });

  it("treats the baseline as a multiset: one entry excuses one finding", async () => {
    const dir = tempRepo({ "src/a.ts": 'declare function unscopedQuery(m: string): void;\nunscopedQuery("A");\n' });
    await run(dir, ["--update-baseline", "--baseline", "baseline.json"]);
    // The same call twice at the top level: the second copy is a new finding.
    writeFiles(dir, {
      "src/a.ts": 'declare function unscopedQuery(m: string): void;\nunscopedQuery("A");\nunscopedQuery("A");\n',
    });
    const report = JSON.parse((await run(dir, ["--baseline", "baseline.json", "--format", "json"])).stdout);
    expect(report.findings.map((finding: { baselineState: string }) => finding.baselineState)).toEqual([
      "unchanged",
      "new",
    ]);
  });

  it("--update-baseline without --baseline writes the default file", async () => {
    const dir = tempRepo({ "src/a.ts": queries("A") });
    expect((await run(dir, ["--update-baseline"])).code).toBe(0);
    expect(existsSync(join(dir, "tenant-audit-baseline.json"))).toBe(true);
  });

  it("refuses to combine --update-baseline with --changed-since", async () => {
    const dir = tempRepo({ "src/a.ts": queries("A") });
    const result = await run(dir, ["--update-baseline", "--changed-since", "HEAD"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be combined/u);
  });
});

describe("--changed-since", () => {
  it("reports only files changed since the ref (committed, modified or untracked)", async () => {
    const call = (model: string) => `declare function unscopedQuery(m: string): void;\nunscopedQuery("${model}");\n`;
    const dir = tempRepo({ "src/old.ts": call("Old"), "src/edited.ts": call("Edited"), ".gitignore": "out.json\n" });
    initGit(dir);
    git(dir, "checkout", "-q", "-b", "feature");
    writeFiles(dir, { "src/committed.ts": call("Committed") });
    git(dir, "add", "src/committed.ts");
    git(dir, "commit", "-q", "-m", "feature work");
    writeFiles(dir, {
      "src/edited.ts": `${call("Edited")}unscopedQuery("More");\n`,
      "src/untracked.ts": call("Untracked"),
    });
    const result = await run(dir, ["--changed-since", "main", "--format", "json"]);
    const report = JSON.parse(result.stdout);
    expect([...new Set(report.findings.map((finding: { file: string }) => finding.file))]).toEqual([
      "src/committed.ts",
      "src/edited.ts",
      "src/untracked.ts",
    ]);
    expect(report.changedSince).toBe("main");
    expect(report.summary.files).toBe(3);
  });
});

describe("formats through the CLI", () => {
  it("prints the same bytes on every run, in every format", async () => {
    const app = join(fixturesDir, "stub-app");
    for (const format of ["text", "json", "markdown", "sarif"]) {
      const first = await run(app, ["--format", format]);
      const second = await run(app, ["--format", format]);
      expect(second.stdout).toBe(first.stdout);
      expect(first.stdout.length).toBeGreaterThan(0);
    }
  });
});
