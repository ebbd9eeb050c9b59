// The repository lints itself with its own plugin (dogfooding, from the built package: run
// `pnpm build` first) and checks the rule sources with eslint-plugin-eslint-plugin.
import eslintPlugin from "eslint-plugin-eslint-plugin";
import tenant from "eslint-plugin-tenant";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores([
    "**/dist/",
    // The published builds and the docs copied into each package by `pnpm pack` (generated).
    "packages/*/bundle/",
    "packages/*/docs/",
    "packed/",
    "**/coverage/",
    "test-results/",
    // Dot folders hold generated or scratch code (.bench, .data, a package's .scratch), not the
    // repository's sources; .ci is the exception.
    "**/.*/",
    "!.ci/",
    // Labelled violations on purpose: measured by the fixtures test, not linted here.
    "fixtures/",
    // The reference runtime's deliberately unsafe copy, the CLI's negative example.
    "**/fixtures/unsafe-runtime/",
    "docs/",
    // Small repositories the CLI tests audit, violations and suppressions included on purpose.
    "packages/*/tests/fixtures/",
  ]),
  {
    files: ["**/*.{ts,mts,cts,js,mjs,cjs}"],
    languageOptions: { parser: tseslint.parser },
    extends: [tenant.configs.strict],
    settings: { tenant: {} },
  },
  {
    files: ["packages/eslint-plugin-tenant/src/rules/**/*.ts"],
    extends: [eslintPlugin.configs.recommended],
  },
]);
