import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests run against the sources of the shared core, not a stale build.
    alias: [
      {
        find: "@tenant-audit/analysis",
        replacement: fileURLToPath(new URL("../tenant-analysis/src/index.ts", import.meta.url)),
      },
      // The core reaches TypeScript through a CommonJS shim (typescript.cts) for Node hosts;
      // Vite does not transform .cts, so tests import the package directly.
      { find: /^(?:\.\.?\/)+typescript\.cjs$/u, replacement: "typescript" },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // The first typed case of a file loads the library typings (mongoose alone takes seconds),
    // and the fixtures and docs tests lint whole directories.
    testTimeout: 60_000,
  },
});
