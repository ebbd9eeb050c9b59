/**
 * Every rule whose check is registered in the core, sorted by id. A rule file whose check has
 * not landed yet stays out of this map (importing it would throw).
 */
import type { TSESLint } from "@typescript-eslint/utils";

export const rules: Record<string, TSESLint.RuleModule<string, []>> = {};
