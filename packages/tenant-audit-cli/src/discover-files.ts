/**
 * Without a tsconfig, the files to audit are every TypeScript and JavaScript source under
 * the given paths, minus what `.gitignore` files (at the root and below) exclude.
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import ignore, { type Ignore } from "ignore";
import { globSync } from "tinyglobby";

export const sourceExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

/** Never sources of the project itself, whatever `.gitignore` says. */
const alwaysIgnored = ["**/node_modules/**", "**/.git/**"];

/** Returns root-relative, `/`-separated paths, sorted. `scopes` are root-relative directories or files. */
export function discoverSourceFiles(root: string, scopes: readonly string[]): string[] {
  const patterns =
    scopes.length === 0 ? ["**/*"] : scopes.flatMap((scope) => (scope === "." ? ["**/*"] : [scope, `${scope}/**/*`]));
  const candidates = new Set(globSync(patterns, { cwd: root, ignore: alwaysIgnored, dot: true, onlyFiles: true }));
  // The glob's matcher never matches inside a directory whose name holds a line break: such
  // directories are walked here, so their files are audited too (and shown escaped in reports).
  for (const scope of scopes.length === 0 ? ["."] : scopes) {
    for (const file of filesUnderOddDirectories(root, scope)) candidates.add(file);
  }
  const gitignores = globSync(["**/.gitignore"], {
    cwd: root,
    ignore: alwaysIgnored,
    dot: true,
    onlyFiles: true,
  }).sort();
  const matchers = gitignores.map((file) => ({
    base: dirname(file) === "." ? "" : dirname(file),
    matcher: readIgnore(root, file),
  }));
  return [...candidates]
    .filter((file) => sourceExtensions.some((extension) => file.endsWith(extension)))
    .filter((file) => !isIgnored(file, matchers))
    .sort();
}

/** Root-relative files below `scope` that sit under a directory whose name holds a line break. */
function filesUnderOddDirectories(root: string, scope: string): string[] {
  const result: string[] = [];
  const pending: { path: string; odd: boolean }[] = [{ path: scope === "." ? "" : scope, odd: /[\r\n]/u.test(scope) }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, next.path), { withFileTypes: true });
    } catch {
      continue; // a file scope, or unreadable: reported by unreadableDirectories
    }
    for (const entry of entries) {
      const path = next.path === "" ? entry.name : `${next.path}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".git") {
        pending.push({ path, odd: next.odd || /[\r\n]/u.test(entry.name) });
      } else if (entry.isFile() && next.odd) {
        result.push(path);
      }
    }
  }
  return result;
}

function readIgnore(root: string, file: string): Ignore {
  return ignore().add(readFileSync(posix.join(root, file), "utf8"));
}

function isIgnored(file: string, matchers: readonly { base: string; matcher: Ignore }[]): boolean {
  return matchers.some(({ base, matcher }) => {
    if (base === "") return matcher.ignores(file);
    // A nested .gitignore speaks about paths relative to its own directory.
    return file.startsWith(`${base}/`) && matcher.ignores(file.slice(base.length + 1));
  });
}

/**
 * Directories under `directory` that cannot be listed (no read or search permission). The glob
 * skips them without a word, so they are looked for here and reported: an unreadable folder
 * must never make a run pass. Symbolic links are not followed (a loop cannot trap this walk).
 */
export function unreadableDirectories(directory: string): { path: string; reason: string }[] {
  const result: { path: string; reason: string }[] = [];
  const pending = [directory];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR/ENOENT: a path that is a file, or vanished while walking; neither hides sources.
      if (code !== "ENOTDIR" && code !== "ENOENT") result.push({ path: current, reason: code ?? String(error) });
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".git")
        pending.push(join(current, entry.name));
    }
  }
  return result.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
