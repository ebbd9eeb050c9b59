/**
 * What `tenant/strict` costs: the wall time of linting a generated multi-tenant service with
 * the strict config, divided by the time of the same parser with no rules, measured in one
 * run (interleaved iterations after a warm-up, median), untyped and typed. Uses the built
 * plugin: run `pnpm build` first. BENCH_MODULES and BENCH_ITERATIONS tune the size, BENCH_MODES
 * (`untyped`, `typed`, comma-separated) picks the modes.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ESLint, type Linter } from "eslint";
import plugin from "eslint-plugin-tenant";
import tseslint from "typescript-eslint";
import { fixturesDir, type Mode, modes, repoRoot } from "./lib/labelled-fixtures.js";
import { generateService } from "./lib/generate-service.js";

const moduleCount = Number(process.env.BENCH_MODULES ?? 40);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 7);
const selectedModes = modes.filter((mode) => (process.env.BENCH_MODES ?? modes.join(",")).split(",").includes(mode));
const benchDir = path.join(repoRoot, ".bench", "service");
const files = generateService(moduleCount);

// The generated code imports mongoose, ioredis, bull…: resolve them from fixtures' own
// node_modules, so the typed run sees the real library types.
rmSync(benchDir, { recursive: true, force: true });
mkdirSync(benchDir, { recursive: true });
symlinkSync(path.join(fixturesDir, "node_modules"), path.join(benchDir, "node_modules"), "dir");
writeFileSync(path.join(benchDir, "package.json"), JSON.stringify({ name: "bench-service", private: true, type: "module" }));
writeFileSync(
  path.join(benchDir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true },
    include: ["*.ts"],
  }),
);

let round = 0;
/** Fresh text each round (a trailing comment), so no run reuses another's parsed files. */
function writeSources(): void {
  round += 1;
  for (const file of files) writeFileSync(path.join(benchDir, file.name), `${file.text}// round ${round}\n`);
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

async function timeLint(mode: Mode, withRules: boolean): Promise<{ ms: number; findings: number }> {
  writeSources();
  const eslint = new ESLint({ cwd: benchDir, overrideConfigFile: true, overrideConfig: config(mode, withRules) });
  const start = performance.now();
  const results = await eslint.lintFiles(["*.ts"]);
  const ms = performance.now() - start;
  const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
  if (fatal.length > 0) throw new Error(`generated code does not parse: ${fatal[0]!.message}`);
  return { ms, findings: results.reduce((sum, result) => sum + result.messages.length, 0) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const lines = files.reduce((sum, file) => sum + file.text.split("\n").length, 0);
const ruleCount = Object.keys(plugin.configs!.strict!.rules ?? {}).length;
console.log(`${files.length} files, ${lines} lines; tenant/strict enables ${ruleCount} rules; ${iterations} iterations per side`);
if (ruleCount === 0) console.log("No check is registered in the core yet: the ratio only measures the plugin's overhead.");

for (const mode of selectedModes) {
  // Warm-up: module loading, the JIT and, typed, the library typings' first load.
  await timeLint(mode, false);
  await timeLint(mode, true);
  const bare: number[] = [];
  const strict: number[] = [];
  let findings = 0;
  for (let i = 0; i < iterations; i += 1) {
    // Alternate which side goes first, so drift (GC, thermal) does not favour one.
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const withRules of order) {
      const run = await timeLint(mode, withRules);
      (withRules ? strict : bare).push(run.ms);
      if (withRules) findings = run.findings;
    }
  }
  const ratio = median(strict) / median(bare);
  console.log(
    `${mode.padEnd(8)} no rules ${median(bare).toFixed(0).padStart(6)} ms   tenant/strict ${median(strict).toFixed(0).padStart(6)} ms   ratio ${ratio.toFixed(3)} (+${((ratio - 1) * 100).toFixed(1)} %)   ${findings} findings`,
  );
}
