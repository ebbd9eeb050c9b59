import { createRequire } from "node:module";
import { type RuleId, ruleDescriptors } from "@tenant-audit/analysis";
import type { ESLint, Linter } from "eslint";
import { rules } from "./rules/index.js";

const { name, version } = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

function allErrors(ids: readonly string[]): Linter.RulesRecord {
  return Object.fromEntries(ids.map((id) => [`tenant/${id}`, "error"]));
}

const ruleNames = Object.keys(rules).sort();
const recommendedNames = ruleNames.filter((id) => ruleDescriptors[id as RuleId].recommended);

// The configs point back at this very object: a user mixing `extends: ["tenant/recommended"]`
// with `plugins: { tenant }` must not see ESLint's "Cannot redefine plugin".
const plugin = {
  meta: { name, version },
  rules,
  configs: {} as Record<"recommended" | "strict", Linter.Config>,
};

plugin.configs.recommended = {
  name: "tenant/recommended",
  plugins: { tenant: plugin as unknown as ESLint.Plugin },
  rules: allErrors(recommendedNames),
};
plugin.configs.strict = {
  name: "tenant/strict",
  plugins: { tenant: plugin as unknown as ESLint.Plugin },
  rules: allErrors(ruleNames),
};

// typescript-eslint's rule types do not satisfy ESLint 10's `defineConfig` types; the runtime shape is the same.
export default plugin as unknown as ESLint.Plugin & { configs: typeof plugin.configs; rules: typeof rules };
