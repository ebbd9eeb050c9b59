/**
 * `pnpm bench:audit [--lines N] [--keep]`: generates a synthetic multi-tenant repository
 * (default about 100k lines), then measures in the same run, on the same project:
 * `tsc --noEmit` and `tenant-audit` (built binary, JSON to a file), each in a child process,
 * their wall time and peak memory, and prints the ratio. Target: the audit at most 1.0× tsc.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { generateRepo } from "./generate-repo.js";

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const targetLines = Number(argument("--lines") ?? 100_000);
const rounds = Number(argument("--rounds") ?? 2);
const keep = process.argv.includes("--keep");

const packageDir = fileURLToPath(new URL("../", import.meta.url));
const fixturesNodeModules = fileURLToPath(new URL("../../../fixtures/node_modules", import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const bin = join(packageDir, "bin/tenant-audit.js");
const preload = pathToFileURL(fileURLToPath(new URL("./report-peak-memory.mjs", import.meta.url))).href;

// The benchmark measures the built CLI, as users run it.
const build = spawnSync(process.execPath, [tsc, "-b", packageDir], { encoding: "utf8" });
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);

const dir = mkdtempSync(join(tmpdir(), "tenant-audit-bench-"));
const repo = generateRepo(dir, targetLines, fixturesNodeModules);
console.log(`synthetic repository: ${repo.files} files, ${repo.lines} lines in ${dir}`);

interface Measurement {
  readonly seconds: number;
  readonly peakMiB: number;
  readonly status: number | null;
  readonly output: string;
}

function measure(args: string[]): Measurement {
  const peakFile = join(dir, ".peak");
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", preload, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, BENCH_PEAK_FILE: peakFile },
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    peakMiB: Number(readFileSync(peakFile, "utf8")) / 1024,
    status: child.status,
    output: `${child.stdout}${child.stderr}`,
  };
}

const best = (list: Measurement[]): Measurement => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const tscRuns: Measurement[] = [];
const auditRuns: Measurement[] = [];
for (let round = 0; round < rounds; round += 1) {
  tscRuns.push(measure([tsc, "--noEmit", "-p", "tsconfig.json"]));
  auditRuns.push(measure([bin, "--no-progress", "--format", "json", "--output", "report.json"]));
}
const tscBest = best(tscRuns);
const auditBest = best(auditRuns);
if (tscBest.status !== 0) console.log(`note: tsc exited ${tscBest.status}:\n${tscBest.output.slice(0, 2000)}`);
if (auditBest.status === 2) throw new Error(`tenant-audit failed:\n${auditBest.output}`);
const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
  summary: { files: number; findings: number; unverified: number };
};

const row = (name: string, m: Measurement) =>
  `${name.padEnd(14)} ${m.seconds.toFixed(2).padStart(7)} s   peak ${m.peakMiB.toFixed(0).padStart(5)} MiB`;
console.log(`best of ${rounds} run(s) each:`);
console.log(row("tsc --noEmit", tscBest));
console.log(row("tenant-audit", auditBest));
console.log(`audit/tsc wall time: ${(auditBest.seconds / tscBest.seconds).toFixed(2)}x (target <= 1.00x)`);
console.log(`audit/tsc peak memory: ${(auditBest.peakMiB / tscBest.peakMiB).toFixed(2)}x`);
console.log(
  `audit: ${report.summary.files} files, ${report.summary.findings} findings, ${report.summary.unverified} unverified sites`,
);

if (!keep) rmSync(dir, { recursive: true, force: true });
