/**
 * What `tenant/strict` costs: the wall time of linting a generated multi-tenant service with
 * the strict config, divided by the time of the same parser with no rules, measured in one
 * run (alternating iterations after a warm-up, median), untyped and typed. Uses the built
 * plugin: run `pnpm build` first. BENCH_MODULES and BENCH_ITERATIONS tune the size,
 * BENCH_MODES (`untyped`, `typed`, comma-separated) picks the modes.
 *
 * Each measurement runs in a fresh process, as a lint run does: one program and one type
 * checker for all files, and no parse or type cache carried over from a previous measurement
 * (the core's per-file caches would otherwise flatter the rules).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import plugin from "eslint-plugin-tenant";
import tseslint from "typescript-eslint";
import { generateService } from "./lib/generate-service.js";
import { fixturesDir, type Mode, modes, repoRoot } from "./lib/labelled-fixtures.js";

const benchDir = path.join(repoRoot, ".bench", "service");

interface Measurement {
  readonly ms: number;
  readonly findings: number;
}

function config(mode: Mode, withRules: boolean): Linter.Config[] {
  return [
    {
      files: ["**/*.ts"],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: mode === "typed" ? { projectService: true, tsconfigRootDir: benchDir } : {},
      },
      ...(withRules ? { plugins: { tenant: plugin }, rules: plugin.configs!.strict!.rules, settings: { tenant: {} } } : {}),
    } as Linter.Config,
  ];
}

/** The worker: one lint of the service, timed from the first file to the last. */
async function measure(mode: Mode, withRules: boolean): Promise<Measurement> {
  const eslint = new ESLint({ cwd: benchDir, overrideConfigFile: true, overrideConfig: config(mode, withRules) });
  const start = performance.now();
  const results = await eslint.lintFiles(["*.ts"]);
  const ms = performance.now() - start;
  const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
  if (fatal.length > 0) throw new Error(`generated code does not parse: ${fatal[0]!.message}`);
  return { ms, findings: results.reduce((sum, result) => sum + result.messages.length, 0) };
}

function runWorker(mode: Mode, withRules: boolean): Measurement {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--worker", mode, String(withRules)], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`bench worker failed (${mode}, rules: ${withRules}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Measurement;
}

function writeService(count: number): { files: number; lines: number } {
  const files = generateService(count);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });
  // The generated code imports mongoose, ioredis, bull…: resolve them from fixtures' own
  // node_modules, so the typed run sees the real library types.
  symlinkSync(path.join(fixturesDir, "node_modules"), path.join(benchDir, "node_modules"), "dir");
  writeFileSync(path.join(benchDir, "package.json"), JSON.stringify({ name: "bench-service", private: true, type: "module" }));
  writeFileSync(
    path.join(benchDir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true },
      include: ["*.ts"],
    }),
  );
  for (const file of files) writeFileSync(path.join(benchDir, file.name), file.text);
  return { files: files.length, lines: files.reduce((sum, file) => sum + file.text.split("\n").length, 0) };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 5);
  const selected = (process.env.BENCH_MODES ?? modes.join(",")).split(",");
  const { files, lines } = writeService(Number(process.env.BENCH_MODULES ?? 40));
  const ruleCount = Object.keys(plugin.configs!.strict!.rules ?? {}).length;
  console.log(`${files} files, ${lines} lines; tenant/strict enables ${ruleCount} rules; ${iterations} runs per side, each in a fresh process`);
  for (const mode of modes.filter((candidate) => selected.includes(candidate))) {
    // Warm-up: the OS file cache, and the compile caches of Node and tsx.
    runWorker(mode, false);
    runWorker(mode, true);
    const bare: number[] = [];
    const strict: number[] = [];
    let findings = 0;
    for (let i = 0; i < iterations; i += 1) {
      // Alternate which side goes first, so drift (other load, thermal) does not favour one.
      for (const withRules of i % 2 === 0 ? [false, true] : [true, false]) {
        const run = runWorker(mode, withRules);
        (withRules ? strict : bare).push(run.ms);
        if (withRules) findings = run.findings;
      }
    }
    const ratio = median(strict) / median(bare);
    console.log(
      `${mode.padEnd(8)} no rules ${median(bare).toFixed(0).padStart(6)} ms   tenant/strict ${median(strict).toFixed(0).padStart(6)} ms   ratio ${ratio.toFixed(3)} (+${((ratio - 1) * 100).toFixed(1)} %)   ${findings} findings`,
    );
  }
}

const workerAt = process.argv.indexOf("--worker");
if (workerAt === -1) {
  await main();
} else {
  const mode = process.argv[workerAt + 1] as Mode;
  console.log(JSON.stringify(await measure(mode, process.argv[workerAt + 2] === "true")));
}
