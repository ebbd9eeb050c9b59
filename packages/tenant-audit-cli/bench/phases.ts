/**
 * `node --import tsx packages/tenant-audit-cli/bench/phases.ts [--lines N]`: where the audit's
 * time goes on the synthetic repository (load, checker, repository facts, each check), in process,
 * to tell the CLI's own cost from the detection core's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { analyzeFile, collectProjectFacts, parseSettings, ruleIds } from "@tenant-audit/analysis";
import { loadProject } from "../src/load-project.js";
import { generateRepo } from "./generate-repo.js";

const index = process.argv.indexOf("--lines");
const lines = Number(index >= 0 ? process.argv[index + 1] : 100_000);
const dir = mkdtempSync(join(tmpdir(), "tenant-audit-phases-"));
const repo = generateRepo(dir, lines, fileURLToPath(new URL("../../../fixtures/node_modules", import.meta.url)));
console.log(`synthetic repository: ${repo.files} files, ${repo.lines} lines`);

let last = performance.now();
const lap = (label: string): void => {
  const now = performance.now();
  console.log(`${label.padEnd(28)} ${((now - last) / 1000).toFixed(2).padStart(7)} s`);
  last = now;
};
const project = loadProject({ root: dir, paths: [] });
lap("load program (parse)");
const settings = parseSettings({});
for (const group of project.groups) {
  const checker = group.program.getTypeChecker();
  lap("create checker (bind)");
  const projectFacts = collectProjectFacts(group.sourceFiles, { settings, checker });
  lap("collectProjectFacts");
  const context = { settings, checker, projectFacts };
  const files = project.files.filter((file) => file.group === group);
  for (const ruleId of ruleIds) {
    for (const file of files) analyzeFile(file.sourceFile, context, [ruleId]);
    lap(`check ${ruleId}`);
  }
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
rmSync(dir, { recursive: true, force: true });
