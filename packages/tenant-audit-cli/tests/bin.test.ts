/** The installed binary end to end: a child process, real checks, a large report through a pipe. */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { binPath, ensureBuilt } from "./helpers/built-cli.js";
import { tempRepo } from "./helpers/temp-repo.js";

beforeAll(() => ensureBuilt());

const model =
  'import mongoose from "mongoose";\nconst Campaign = mongoose.model("Campaign", new mongoose.Schema({ tenantId: String, name: String }));\n';

describe("bin/tenant-audit.js", () => {
  it("delivers a report far larger than a pipe buffer in full, with exit status 1", () => {
    // 60 files × 40 unscoped queries: well over a megabyte of JSON.
    const files: Record<string, string> = {};
    for (let file = 0; file < 60; file += 1) {
      const queries = Array.from(
        { length: 40 },
        (_, index) => `export const q${index} = () => Campaign.find({ name: "n${index}" });\n`,
      ).join("");
      files[`src/file-${String(file).padStart(2, "0")}.ts`] = `${model}${queries}`;
    }
    const dir = tempRepo(files);
    const result = spawnSync(process.execPath, [binPath, "--format", "json"], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBeGreaterThan(1_000_000);
    const report = JSON.parse(result.stdout);
    expect(report.findings).toHaveLength(2400);
    expect(report.summary.files).toBe(60);
  });

  it("exits 2 with one line on stderr for a bad flag", () => {
    const result = spawnSync(process.execPath, [binPath, "--nope"], { cwd: tempRepo(), encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("tenant-audit: unknown option '--nope'\n");
    expect(result.stdout).toBe("");
  });
});
