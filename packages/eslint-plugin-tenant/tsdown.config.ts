/**
 * The published build: the detection core (`@tenant-audit/analysis`, a private workspace package)
 * is bundled in, JavaScript and declarations alike; every npm dependency stays external, and
 * `typescript` is the user's (a peer dependency, shared with typescript-eslint's parser).
 */
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  outDir: "bundle",
  sourcemap: false,
  format: "esm",
  platform: "node",
  target: "node20.19",
  fixedExtension: false,
  dts: true,
  noExternal: ["@tenant-audit/analysis"],
  tsconfig: "tsconfig.json",
});
