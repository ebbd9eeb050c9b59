/** docs/cli.md keeps up with the CLI: every flag of --help is documented, and so is every format. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { formats } from "../src/types.js";
import { suppressionWithoutReason } from "../src/rule-meta.js";
import { captureIo } from "./helpers/temp-repo.js";

const manual = readFileSync(fileURLToPath(new URL("../../../docs/cli.md", import.meta.url)), "utf8");

describe("docs/cli.md", () => {
  it("documents every flag that --help lists", async () => {
    const io = captureIo(process.cwd());
    expect(await runCli(["--help"], io.io)).toBe(0);
    const flags = [...io.stdout().matchAll(/--[a-z][a-z-]+/gu)].map((match) => match[0]);
    expect(flags.length).toBeGreaterThan(8);
    // In the flag table: "| `--flag …" or "| `-x, --flag …".
    for (const flag of new Set(flags)) expect(manual, flag).toMatch(new RegExp(`\\| \`(-[a-z], )?${flag}[ \`]`, "u"));
  });

  it("has a sample of each format, the exit codes and the config file names", () => {
    for (const format of formats) expect(manual).toContain(`### \`${format}\``);
    for (const status of ["`0`", "`1`", "`2`"]) expect(manual).toContain(`| ${status} |`);
    for (const name of [
      "tenant-audit.config.json",
      "tenant-audit.config.js",
      "tenant-audit.config.mjs",
      "tenant-audit.config.ts",
      "tenantAudit",
    ]) {
      expect(manual).toContain(name);
    }
    expect(manual).toContain(suppressionWithoutReason);
  });
});
