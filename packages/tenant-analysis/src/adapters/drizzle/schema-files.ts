/**
 * Drizzle's schema lives in TypeScript: the project's source files that import a table function
 * from `drizzle-orm/<dialect>-core`. A schema reader (rather than per-program facts) serves both
 * hosts alike: the CLI lists the files in `schemaSources`, untyped ESLint sees tables of other
 * files too, and a changed schema file is re-read like a changed `schema.prisma`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "../../typescript.cjs";
import type { DataModel } from "../../data-layer/schema.js";
import type { SchemaReadResult, SchemaSources, SchemaSourceText } from "../../data-layer/schema-readers.js";
import { readTables } from "./schema.js";

const skippedFolders = new Set(["node_modules", "dist", "build", "coverage", "out"]);
// As for Prisma: below the root, tests and examples define sample tables, not the project's.
const sampleFolders = new Set(["test", "tests", "__tests__", "fixtures", "__fixtures__", "examples", "e2e"]);
const maxDepth = 10;
const maxFiles = 20000;
const sourceFile = /\.(ts|mts|cts|tsx)$/u;
// A cheap test before parsing: the file names a dialect's core module.
const coreImport = /["']drizzle-orm\/(pg|mysql|sqlite|singlestore|gel)-core["']/u;

export function findDrizzleSchemaFiles(root: string): SchemaSources {
  const files: string[] = [];
  let seen = 0;
  const walk = (folder: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (seen > maxFiles) return;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (
          depth < maxDepth &&
          !entry.name.startsWith(".") &&
          !skippedFolders.has(entry.name) &&
          !sampleFolders.has(entry.name)
        )
          walk(path, depth + 1);
      } else if (entry.isFile() && sourceFile.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        seen += 1;
        if (definesTables(path)) files.push(path);
      }
    }
  };
  walk(resolve(root), 0);
  return { files: files.sort(), errors: [] };
}

function definesTables(path: string): boolean {
  try {
    const text = readFileSync(path, "utf8");
    return coreImport.test(text) && /\b(pg|mysql|sqlite|singlestore|gel)(Table|TableCreator|Schema)\b/u.test(text);
  } catch {
    return false;
  }
}

/** Each file parsed with TypeScript; a relation names its table by variable, resolved across files by name. */
export function readDrizzleSchema(sources: readonly SchemaSourceText[]): SchemaReadResult {
  const models: DataModel[] = [];
  for (const source of sources) {
    models.push(
      ...readTables(ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)),
    );
  }
  return { models, errors: [] };
}
