/** Files changed since a git ref: committed, staged and unstaged changes, and new untracked files. */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { AuditError, oneLine } from "./errors.js";

export function changedFiles(root: string, ref: string): Set<string> {
  const git = (args: string[]): string[] => {
    try {
      // -z keeps unusual file names intact; paths come back relative to the top of the repository.
      return execFileSync("git", args, {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 256 * 1024 * 1024,
      })
        .split("\u0000")
        .filter((line) => line.length > 0);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr;
      throw new AuditError(`--changed-since ${ref}: git failed: ${oneLine(stderr && stderr.trim() ? stderr : error)}`);
    }
  };
  if (ref.startsWith("-")) throw new AuditError(`--changed-since: not a git ref: ${ref}`);
  git(["rev-parse", "--show-toplevel"]);
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], {
      cwd: root,
      stdio: "ignore",
    });
  } catch {
    throw new AuditError(`--changed-since ${ref}: not a commit in this repository`);
  }
  const top = git(["rev-parse", "--show-toplevel"])[0]?.trim() ?? root;
  const changed = [
    ...git(["diff", "--name-only", "-z", "--no-renames", ref, "--"]),
    ...git(["ls-files", "--others", "--exclude-standard", "-z"]).map((file) => resolve(root, file)),
  ];
  return new Set(changed.map((file) => (file.startsWith("/") ? file : resolve(top, file))));
}
