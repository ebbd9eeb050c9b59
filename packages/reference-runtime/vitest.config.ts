import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The tests share one real Redis; each file uses its own key prefix, but running files
    // one at a time keeps timing-sensitive ones (stalled jobs, outages) from starving.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
