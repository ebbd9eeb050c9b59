/** The built binary (`bin/tenant-audit.js` → `dist/cli.js`), rebuilt incrementally before use. */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const packageDir = fileURLToPath(new URL("../../", import.meta.url));
export const binPath = fileURLToPath(new URL("../../bin/tenant-audit.js", import.meta.url));

let built = false;
export function ensureBuilt(): void {
  if (built) return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-b", packageDir], { stdio: "pipe", encoding: "utf8" });
  } catch (error) {
    throw new Error(`tsc -b failed:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
  built = true;
}
