/**
 * What `tenant/strict` costs: the wall time of linting a generated multi-tenant service with the
 * strict config, divided by the time of the same parser with no rules, measured in one run
 * (alternating sides after a warm-up, medians), untyped and typed. Uses the built plugin: run
 * `pnpm build` first. BENCH_MODULES, BENCH_ITERATIONS and BENCH_MODES (`untyped`, `typed`,
 * comma-separated) tune it.
 *
 * Three sides: no rules (the baseline), eight rules that do nothing (ESLint's own cost of running
 * any eight plugin rules: option validation, rule contexts, listener dispatch), and
 * `tenant/strict`. The last ratio, strict over the do-nothing rules, is what our analysis adds.
 *
 * Two settings:
 * - cold: each lint in a fresh process, as `eslint .` on a small repository runs (no JIT warmth,
 *   no cache of any kind carried over);
 * - warm: lints repeated in one process after a warm-up, fresh ESLint instance and fresh ASTs each
 *   time, as in an editor's long-lived ESLint server or the later files of a large repository.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter, type Rule } from "eslint";
import plugin from "eslint-plugin-tenant";
import tseslint from "typescript-eslint";
import { generateService } from "./lib/generate-service.js";
import { fixturesDir, type Mode, modes, repoRoot } from "./lib/labelled-fixtures.js";

const benchDir = path.join(repoRoot, ".bench", "service");

const sides = ["none", "noop", "strict"] as const;
type Side = (typeof sides)[number];

interface Measurement {
  readonly ms: number;
  readonly findings: number;
}

const strictRules = plugin.configs!.strict!.rules ?? {};
const ruleNames = Object.keys(strictRules).map((id) => id.replace(/^tenant\//u, ""));

/** Does nothing, with our rules' shape: no options, one `Program` listener. */
const noopRule: Rule.RuleModule = { meta: { type: "problem", schema: [] }, create: () => ({ Program() {} }) };
const noopPlugin = { rules: Object.fromEntries(ruleNames.map((name) => [name, noopRule])) };

function config(mode: Mode, side: Side): Linter.Config[] {
  const rules: Linter.RulesRecord =
    side === "strict"
      ? strictRules
      : side === "noop"
        ? Object.fromEntries(ruleNames.map((name) => [`noop/${name}`, "error"]))
        : {};
  return [
    {
      files: ["**/*.ts"],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: mode === "typed" ? { projectService: true, tsconfigRootDir: benchDir } : {},
      },
      plugins: { tenant: plugin, noop: noopPlugin },
      rules,
      settings: { tenant: {} },
    } as Linter.Config,
  ];
}

/** One lint of the service, timed from the first file to the last. */
async function measure(mode: Mode, side: Side): Promise<Measurement> {
  const eslint = new ESLint({ cwd: benchDir, overrideConfigFile: true, overrideConfig: config(mode, side) });
  const start = performance.now();
  const results = await eslint.lintFiles(["*.ts"]);
  const ms = performance.now() - start;
  const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
  if (fatal.length > 0) throw new Error(`generated code does not parse: ${fatal[0]!.message}`);
  return { ms, findings: results.reduce((sum, result) => sum + result.messages.length, 0) };
}

function runWorker(args: readonly string[]): string {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--worker", ...args],
    {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`bench worker failed (${args.join(" ")}):\n${child.stderr}`);
  return child.stdout.trim().split("\n").at(-1)!;
}

type Samples = Record<Side, number[]>;

/** Alternates the order of the sides from one iteration to the next, so drift (other load, heat) favours none. */
function orderFor(iteration: number): readonly Side[] {
  const rotation = iteration % sides.length;
  const order = [...sides.slice(rotation), ...sides.slice(0, rotation)];
  return iteration % 2 === 0 ? order : order.reverse();
}

function cold(mode: Mode, iterations: number): { samples: Samples; findings: number } {
  const samples: Samples = { none: [], noop: [], strict: [] };
  let findings = 0;
  // Warm-up: the OS file cache, and the compile caches of Node and tsx.
  for (const side of sides) runWorker(["cold", mode, side]);
  for (let i = 0; i < iterations; i += 1) {
    for (const side of orderFor(i)) {
      const run = JSON.parse(runWorker(["cold", mode, side])) as Measurement;
      samples[side].push(run.ms);
      if (side === "strict") findings = run.findings;
    }
  }
  return { samples, findings };
}

/** In the worker: every side, alternating, in this one process; the first rounds only warm up. */
async function warmWorker(mode: Mode, iterations: number): Promise<Samples> {
  const samples: Samples = { none: [], noop: [], strict: [] };
  const warmUp = 3;
  for (let i = 0; i < warmUp + iterations; i += 1) {
    for (const side of orderFor(i)) {
      const run = await measure(mode, side);
      if (i >= warmUp) samples[side].push(run.ms);
    }
  }
  return samples;
}

function writeService(count: number): { files: number; lines: number } {
  const files = generateService(count);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });
  // The generated code imports mongoose, ioredis, bull…: resolve them from fixtures' own
  // node_modules, so the typed run sees the real library types.
  symlinkSync(path.join(fixturesDir, "node_modules"), path.join(benchDir, "node_modules"), "dir");
  // The service is a repository of its own, as a user's is: without this marker the rules' schema
  // lookup, finding no schema in the service, climbs to the workspace root of tenant-audit itself
  // and reads this repository's Drizzle, SQL and Prisma files (~0.5 s in every cold strict run),
  // a cost no user's project has. An empty folder is no git repository to git itself.
  mkdirSync(path.join(benchDir, ".git"));
  writeFileSync(
    path.join(benchDir, "package.json"),
    JSON.stringify({ name: "bench-service", private: true, type: "module" }),
  );
  writeFileSync(
    path.join(benchDir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
      },
      include: ["*.ts"],
    }),
  );
  for (const file of files) writeFileSync(path.join(benchDir, file.name), file.text);
  return { files: files.length, lines: files.reduce((sum, file) => sum + file.text.split("\n").length, 0) };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percent = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)} %`;

function report(mode: Mode, setting: string, samples: Samples, findings?: number): void {
  const [none, noop, strict] = [median(samples.none), median(samples.noop), median(samples.strict)];
  const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;
  console.log(
    `${mode.padEnd(8)}${setting.padEnd(6)} no rules ${ms(none)}   8 no-op rules ${ms(noop)} (${percent(noop / none)})   tenant/strict ${ms(strict)}` +
      `   strict/no rules ${(strict / none).toFixed(3)} (${percent(strict / none)})   strict/no-op ${(strict / noop).toFixed(3)} (${percent(strict / noop)})` +
      (findings === undefined ? "" : `   ${findings} findings`),
  );
}

async function main(): Promise<void> {
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 7);
  const selected = (process.env.BENCH_MODES ?? modes.join(",")).split(",");
  const { files, lines } = writeService(Number(process.env.BENCH_MODULES ?? 40));
  console.log(
    `${files} files, ${lines} lines; tenant/strict enables ${ruleNames.length} rules; medians of ${iterations} cold and ${iterations * 3} warm runs per side`,
  );
  for (const mode of modes.filter((candidate) => selected.includes(candidate))) {
    const { samples, findings } = cold(mode, iterations);
    report(mode, "cold", samples, findings);
    // A warm lint takes a fraction of a cold one and its GC pauses land unevenly: more rounds.
    report(mode, "warm", JSON.parse(runWorker(["warm", mode, String(iterations * 3)])) as Samples);
  }
}

const workerAt = process.argv.indexOf("--worker");
if (workerAt === -1) {
  await main();
} else {
  const [setting, mode, argument] = process.argv.slice(workerAt + 1) as [string, Mode, string];
  const result = setting === "cold" ? await measure(mode, argument as Side) : await warmWorker(mode, Number(argument));
  console.log(JSON.stringify(result));
}
