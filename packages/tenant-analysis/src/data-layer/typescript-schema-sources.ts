/**
 * Finding the TypeScript files that hold a library's schema (TypeORM entities, a Kysely
 * `Database` interface) under a root, for schema readers: every level, skipping dependencies,
 * builds, dot-folders and sample folders. Only the text is tested here (the
 * import and a marker such as `@Entity(`): parsing is the reader's job, and a project of
 * thousands of files is then read once per run, not parsed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Folders whose code is never the project's schema: dependencies, builds, tooling state.
const skippedFolders = new Set(["node_modules", "dist", "build", "coverage", "out"]);
// As for `schema.prisma`: the models of tests and examples are samples, not the project's,
// unless the search starts in one (a fixture project's own root).
const sampleFolders = new Set(["test", "tests", "__tests__", "fixtures", "__fixtures__", "examples", "e2e"]);
const maxFiles = 20000;

export interface TypeScriptSourceQuery {
  /** A module the file must import from (`typeorm`, `kysely`). */
  readonly module: string;
  /** Text the file must also contain (`@Entity`): cheaper than parsing every importer. */
  readonly marker: RegExp;
}

export function typescriptSchemaSources(root: string, query: TypeScriptSourceQuery): string[] {
  const importPattern = new RegExp(`from\\s*["']${query.module.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&")}["']`, "u");
  const found: string[] = [];
  let seen = 0;
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (seen >= maxFiles) return;
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name) && !sampleFolders.has(entry.name)) walk(path);
        continue;
      }
      if (!entry.isFile() || !/\.(c|m)?tsx?$/u.test(entry.name) || entry.name.endsWith(".d.ts")) continue;
      seen += 1;
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        continue;
      }
      if (importPattern.test(text) && query.marker.test(text)) found.push(path);
    }
  };
  walk(root);
  return found.sort();
}
