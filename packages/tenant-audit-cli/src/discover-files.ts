/**
 * Without a tsconfig, the files to audit are every TypeScript and JavaScript source under
 * the given paths, minus what `.gitignore` files (at the root and below) exclude.
 */
import { readFileSync } from "node:fs";
import { dirname, posix } from "node:path";
import ignore, { type Ignore } from "ignore";
import { globSync } from "tinyglobby";

export const sourceExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

/** Never sources of the project itself, whatever `.gitignore` says. */
const alwaysIgnored = ["**/node_modules/**", "**/.git/**"];

/** Returns root-relative, `/`-separated paths, sorted. `scopes` are root-relative directories or files. */
export function discoverSourceFiles(root: string, scopes: readonly string[]): string[] {
  const patterns = scopes.length === 0 ? ["**/*"] : scopes.flatMap((scope) => (scope === "." ? ["**/*"] : [scope, `${scope}/**/*`]));
  const candidates = globSync(patterns, { cwd: root, ignore: alwaysIgnored, dot: true, onlyFiles: true });
  const gitignores = globSync(["**/.gitignore"], { cwd: root, ignore: alwaysIgnored, dot: true, onlyFiles: true }).sort();
  const matchers = gitignores.map((file) => ({ base: dirname(file) === "." ? "" : dirname(file), matcher: readIgnore(root, file) }));
  return candidates
    .filter((file) => sourceExtensions.some((extension) => file.endsWith(extension)))
    .filter((file) => !isIgnored(file, matchers))
    .sort();
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
