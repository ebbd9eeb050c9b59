// ESLint for the runtime: the repository's tenant/strict rules with the runtime's own
// settings (tenant-audit.config.json, the file the CLI reads), so both hosts judge this
// code by the same receivers, scope helpers and global keys.
import { readFileSync } from "node:fs";
import { defineConfig, globalIgnores } from "eslint/config";
import tenant from "eslint-plugin-tenant";
import tseslint from "typescript-eslint";

const settings = JSON.parse(readFileSync(new URL("./tenant-audit.config.json", import.meta.url), "utf8"));

export default defineConfig([
  globalIgnores(["dist/", "coverage/", ".data/"]),
  {
    files: ["**/*.{ts,mts,cts,js,mjs,cjs}"],
    languageOptions: { parser: tseslint.parser },
    extends: [tenant.configs.strict],
    settings: { tenant: settings },
  },
]);
