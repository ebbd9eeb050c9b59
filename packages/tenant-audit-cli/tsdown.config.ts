/**
 * The published build: the detection core (`@tenant-audit/analysis`, a private workspace package)
 * is bundled in, JavaScript and declarations alike; every npm dependency stays external. The
 * core's `typescript` is then this package's own pinned dependency, the very version ts-morph
 * bundles, so the syntax trees ts-morph builds and the core reads share one SyntaxKind numbering.
 */
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/cli.ts", "src/interrupts.ts"],
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
