/**
 * Lints fixtures/ with the plugin's strict config, untyped or typed, as a user's ESLint would,
 * and returns (file, line, rule) findings. Shared by the fixtures test and `pnpm bench:accuracy`.
 */
import { type RuleId, isRuleId } from "@tenant-audit/analysis";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import {
  fixturesDir,
  type LineFinding,
  type Mode,
  readFixtureSettings,
  relativeToRoot,
  repoRoot,
} from "./labelled-fixtures.js";

/** The parts of the plugin the harness uses, so the test can pass the sources and the bench the build. */
export interface TenantPlugin {
  readonly configs: { readonly strict: Linter.Config };
}

/** Rules the strict config enables: the rules whose checks are registered in the core. */
export function measuredRules(plugin: TenantPlugin): Set<RuleId> {
  return new Set(
    Object.keys(plugin.configs.strict.rules ?? {})
      .map((name) => name.replace(/^tenant\//u, ""))
      .filter(isRuleId),
  );
}

export function fixtureConfig(plugin: TenantPlugin, mode: Mode): Linter.Config[] {
  return [
    {
      ...plugin.configs.strict,
      files: ["**/*.ts"],
      languageOptions: {
        parser: tseslint.parser,
        // Typed: fixtures/tsconfig.json (the nearest tsconfig of every fixture file).
        parserOptions: mode === "typed" ? { projectService: true, tsconfigRootDir: fixturesDir } : {},
      },
      settings: { tenant: readFixtureSettings() },
      linterOptions: { reportUnusedDisableDirectives: "off" },
    },
  ];
}

export async function lintFixtures(plugin: TenantPlugin, mode: Mode): Promise<LineFinding[]> {
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: fixtureConfig(plugin, mode),
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(["fixtures/**/*.ts"]);
  const findings: LineFinding[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      const ruleId = message.ruleId?.replace(/^tenant\//u, "");
      // A parse error or a crash is not a finding: surface it instead of scoring it.
      if (!ruleId || !isRuleId(ruleId)) {
        throw new Error(`${relativeToRoot(result.filePath)}:${message.line}: ${message.message}`);
      }
      findings.push({ file: relativeToRoot(result.filePath), line: message.line, ruleId });
    }
  }
  return findings;
}
