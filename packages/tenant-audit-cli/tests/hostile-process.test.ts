/**
 * The catalogue of bad and hostile inputs from issue 12 that need the real binary in a child
 * process: default stack size, pipes, signals, FIFOs, device nodes, and file permissions (when
 * the tests run as root, where permissions stop nothing, the child runs without the capabilities
 * that let root bypass them).
 */
import { type SpawnSyncOptions, execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { binPath, ensureBuilt } from "./helpers/built-cli.js";
import { tempRepo } from "./helpers/temp-repo.js";

beforeAll(() => ensureBuilt());

const model =
  'import mongoose from "mongoose";\nconst Campaign = mongoose.model("Campaign", new mongoose.Schema({ tenantId: String, name: String }));\n';
const unscoped = `${model}export const all = () => Campaign.find({ name: "x" });\n`;

/**
 * As root, mode bits stop nothing: permission cases then run the child without CAP_DAC_OVERRIDE
 * and CAP_DAC_READ_SEARCH (util-linux's setpriv), so root is held to the owner's bits like anyone.
 */
const asRoot = process.getuid?.() === 0;
const withoutOverride = ["--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"];

const sharedRepo = tempRepo;

function runBin(dir: string, args: string[], options: SpawnSyncOptions & { unprivileged?: boolean } = {}) {
  const { unprivileged, ...rest } = options;
  const command = [process.execPath, binPath, "--no-progress", ...args];
  const [file, ...argv] = unprivileged && asRoot ? ["setpriv", ...withoutOverride, ...command] : command;
  const result = spawnSync(file!, argv, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...rest });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe("per-file failures at the default stack size: that file is an analysis error, the rest is audited", () => {
  const deep = {
    "5,000 nested parentheses": `export const a = ${"(".repeat(5000)}1${")".repeat(5000)};\n`,
    "1,500 nested objects": `export const b = ${"{ a: ".repeat(1500)}1${" }".repeat(1500)};\n`,
    "a 3,000-term string concatenation": `export const c = ${Array.from({ length: 3000 }, (_, index) => `"s${index}"`).join(" + ")};\n`,
  };
  const dir = (): string =>
    tempRepo({
      ...Object.fromEntries(Object.entries(deep).map(([, source], index) => [`src/deep-${index}.ts`, source])),
      "src/campaigns.ts": unscoped,
    });

  it("reports each deep file, finds the finding elsewhere, fails, and prints no stack trace", () => {
    const result = runBin(dir(), ["--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((finding: { file: string }) => finding.file)).toEqual(["src/campaigns.ts"]);
    // TypeScript's parser overflows on the first two; the third parses, and must not crash the run.
    const failed = report.analysisErrors.map((error: { file: string }) => error.file);
    expect(failed).toEqual(expect.arrayContaining(["src/deep-0.ts", "src/deep-1.ts"]));
    for (const error of report.analysisErrors) expect(error.message).toMatch(/nested too deeply/u);
    expect(report.summary.files + report.summary.analysisErrors).toBe(4);
    expect(report.summary.passed).toBe(false);
  });

  it("says so in the text report, and --fail-on never does not fail", () => {
    const text = runBin(dir(), []);
    expect(text.stdout).toMatch(/src\/deep-0\.ts {2}not analysed: the code is nested too deeply/u);
    expect(text.stdout).toMatch(/not analysed: failed \(--fail-on error, \d files? not analysed\)\n$/u);
    const never = runBin(dir(), ["--fail-on", "never"]);
    expect(never.status).toBe(0);
    expect(never.stdout).toMatch(/: not failing: --fail-on never\n$/u);
    expect(never.stdout).not.toMatch(/passed/u);
  });
});

describe("a file the type checker cannot bind", () => {
  it("is set aside as not analysed, and the rest of its program is still audited with types", () => {
    // TypeScript binds every file when the checker is made; a 4,500-long member chain overflows
    // that binding, which used to fail every file of the program (and name the wrong ones).
    const dir = tempRepo({
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "NodeNext", strict: true, types: [] },
        include: ["src"],
      }),
      "src/chain.ts": `declare const o: any;\nexport const d = o${".a".repeat(4500)};\n`,
      "src/campaigns.ts": unscoped,
    });
    const result = runBin(dir, ["--format", "json"]);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expect(report.analysisErrors).toEqual([
      {
        file: "src/chain.ts",
        message: expect.stringMatching(/^not analysed: nested too deeply for TypeScript's type checker \(depth \d+;/u),
      },
    ]);
    expect(report.findings.map((finding: { file: string }) => finding.file)).toEqual(["src/campaigns.ts"]);
    expect(report.summary.files).toBe(1);
  });
});

describe("pipes", () => {
  it("ends normally when the reader closes the pipe early (EPIPE)", () => {
    const files: Record<string, string> = {};
    for (let file = 0; file < 30; file += 1) {
      files[`src/f${file}.ts`] =
        `${model}${Array.from({ length: 30 }, (_, index) => `export const q${index} = () => Campaign.find({ n: ${index} });\n`).join("")}`;
    }
    const dir = tempRepo(files);
    const result = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${binPath}" --no-progress -f json | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`,
      ],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(result.stderr).toBe("status=1\n");
  });

  it("writes -o /dev/stdout in place", () => {
    // Without root's overrides: the old rename over /dev/stdout failed there (and as root replaced it).
    const result = runBin(sharedRepo({ "src/a.ts": unscoped }), ["-f", "json", "-o", "/dev/stdout"], {
      unprivileged: true,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).summary.findings).toBe(1);
  });

  it("writes -o to a FIFO in place (the FIFO stays a FIFO)", async () => {
    const dir = tempRepo({ "src/a.ts": unscoped });
    execFileSync("mkfifo", [join(dir, "report.fifo")]);
    const reader = spawn("cat", [join(dir, "report.fifo")], { stdio: ["ignore", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    reader.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise((resolve) => reader.on("close", resolve));
    const result = runBin(dir, ["-f", "json", "-o", "report.fifo"]);
    await closed;
    expect(result).toMatchObject({ status: 1, stderr: "" });
    expect(JSON.parse(Buffer.concat(chunks).toString("utf8")).summary.findings).toBe(1);
    expect(statSync(join(dir, "report.fifo")).isFIFO()).toBe(true);
  });

  it("writes -o /dev/null without replacing the device", () => {
    const result = runBin(tempRepo({ "src/a.ts": unscoped }), ["-o", "/dev/null"]);
    expect(result).toMatchObject({ status: 1, stderr: "", stdout: "" });
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});

describe("permissions", () => {
  it("reports an unreadable directory and an unreadable file instead of passing", () => {
    const dir = sharedRepo({
      "src/ok.ts": "export const ok = 1;\n",
      "src/locked/hidden.ts": unscoped,
      "src/secret.ts": unscoped,
    });
    chmodSync(join(dir, "src/locked"), 0o000);
    chmodSync(join(dir, "src/secret.ts"), 0o000);
    try {
      const result = runBin(dir, ["-f", "json"], { unprivileged: true });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.analysisErrors).toEqual([
        { file: "src/locked", message: "cannot read directory: EACCES" },
        { file: "src/secret.ts", message: expect.stringMatching(/^cannot read file: EACCES/u) },
      ]);
      expect(report.summary).toMatchObject({ files: 1, analysisErrors: 2, passed: false });
    } finally {
      chmodSync(join(dir, "src/locked"), 0o755);
    }
  });

  it("refuses to replace a write-protected report", () => {
    const dir = sharedRepo({ "src/a.ts": unscoped, "locked.txt": "keep\n" });
    chmodSync(join(dir, "locked.txt"), 0o444);
    const result = runBin(dir, ["-o", "locked.txt"], { unprivileged: true });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^tenant-audit: cannot write locked\.txt: EACCES/u);
    expect(readFileSync(join(dir, "locked.txt"), "utf8")).toBe("keep\n");
  });

  it("loads a .ts config from a read-only folder, writing nothing next to it", () => {
    const dir = sharedRepo({
      "src/a.ts": "export const a = 1;\n",
      "tenant-audit.config.ts":
        'import { fields } from "./fields.ts";\nconst config: { tenantFields: string[] } = { tenantFields: fields };\nexport default config;\n',
      "fields.ts": 'export const fields: string[] = ["orgId"];\n',
    });
    chmodSync(dir, 0o555);
    try {
      const result = runBin(dir, ["-f", "json", "src"], { unprivileged: true });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout).config).toBe("tenant-audit.config.ts");
      expect(readdirSync(dir).sort()).toEqual(["fields.ts", "src", "tenant-audit.config.ts"]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe("signals", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("on %s: exits %i with a message and leaves no temporary file or partial report", async (signal, code) => {
    // A config that takes its time keeps the run busy; it marks when loading began, so the signal
    // arrives mid-run however slow the machine is.
    const config =
      'import { writeFileSync } from "node:fs";\nwriteFileSync("started", "");\nawait new Promise((resolve) => setTimeout(resolve, 20000));\nexport default {};\n';
    const dir = tempRepo({ "src/a.ts": unscoped, "tenant-audit.config.mjs": config });
    const child = spawn(process.execPath, [binPath, "-o", "report.txt"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const status = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    for (let waited = 0; !existsSync(join(dir, "started")) && waited < 30_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill(signal);
    expect(await status).toBe(code);
    expect(stderr).toBe(`tenant-audit: interrupted (${signal})\n`);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp") || name === "report.txt")).toEqual([]);
    // The interrupted run wrote nothing; the terminal reset itself is checked in hostile-input.test.ts.
    expect(existsSync(join(dir, "report.txt"))).toBe(false);
  });
});
