/**
 * Runs the hook the way pre-commit does: the `entry` of .pre-commit-hooks.yaml through a shell,
 * with the staged files of a matching type appended, in a temporary git repository that has
 * tenant-audit installed in node_modules/.bin.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { binPath, ensureBuilt } from "./helpers/built-cli.js";
import { git, initGit, tempRepo, writeFiles } from "./helpers/temp-repo.js";

const hooksFile = fileURLToPath(new URL("../../../.pre-commit-hooks.yaml", import.meta.url));
const entry = /^\s*entry:\s*(.+)$/mu.exec(readFileSync(hooksFile, "utf8"))?.[1]?.trim();
const hookExtensions = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"];

beforeAll(() => ensureBuilt());

const model =
  'import mongoose from "mongoose";\nconst Campaign = mongoose.model("Campaign", new mongoose.Schema({ tenantId: String, name: String }));\n';

function repoWithHook(): string {
  const dir = tempRepo({
    "package.json": '{ "name": "app", "private": true, "type": "module" }\n',
    ".gitignore": "node_modules/\n",
    "src/ok.ts": "export const ok = 1;\n",
  });
  mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
  symlinkSync(binPath, join(dir, "node_modules/.bin/tenant-audit"));
  initGit(dir);
  return dir;
}

function runHook(dir: string) {
  const staged = git(dir, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z")
    .split("\u0000")
    .filter((file) => hookExtensions.some((extension) => file.endsWith(extension)));
  return spawnSync("sh", ["-c", `${entry} "$@"`, "pre-commit", ...staged], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
}

describe(".pre-commit-hooks.yaml", () => {
  it("defines a hook entry", () => {
    expect(entry).toBe("npx --no tenant-audit --no-progress");
  });

  it("fails the commit on a staged violation and passes once it is fixed", () => {
    const dir = repoWithHook();
    writeFiles(dir, { "src/campaigns.ts": `${model}\nexport const all = () => Campaign.find({});\n` });
    git(dir, "add", "src/campaigns.ts");
    const failing = runHook(dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain("src/campaigns.ts:4:26");
    expect(failing.stdout).toContain("tenant/require-tenant-filter");

    writeFiles(dir, {
      "src/campaigns.ts": `${model}\nexport const mine = (tenantId: string) => Campaign.find({ tenantId });\n`,
    });
    git(dir, "add", "src/campaigns.ts");
    const passing = runHook(dir);
    expect(passing.stderr).toBe("");
    expect(passing.status).toBe(0);
  });
});
