/** Temporary repositories for tests: written from a map of files, or copied from tests/fixtures. */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempRepo(files: Record<string, string> = {}, fixture?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tenant-audit-test-"));
  created.push(dir);
  if (fixture) cpSync(join(fixturesDir, fixture), dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
}

export function initGit(dir: string): void {
  git(dir, "init", "-q", "-b", "main");
  // Named paths rather than `add -A`: some machines' git wrappers refuse blanket adds.
  const files = git(dir, "ls-files", "--others", "--exclude-standard", "-z").split("\u0000").filter(Boolean);
  git(dir, "add", "--", ...files);
  git(dir, "commit", "-q", "-m", "initial");
}

/** A CLI I/O that records what was written. */
export function captureIo(cwd: string, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      cwd,
      stdout: { write: (text: string) => out.push(text), isTTY: tty },
      stderr: { write: (text: string) => err.push(text), isTTY: false },
    },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}
