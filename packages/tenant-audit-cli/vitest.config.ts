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
    // Each test loads a real TypeScript program (and some spawn git or the built CLI): slow on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
