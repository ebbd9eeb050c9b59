import { defineConfig } from "vitest/config";

// One run over every package, each with its own config (the runtime's tests need Redis).
export default defineConfig({
  test: {
    projects: ["packages/*"],
  },
});
