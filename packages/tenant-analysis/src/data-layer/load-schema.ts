/**
 * The one loader of schema files for both hosts: the CLI calls it once for the audited root,
 * the ESLint plugin for every linted file (through `schemaRootFor`), so a result is kept per root
 * for the process and only re-read when a file it came from changes.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type DataModel, type DataSchema, SchemaError } from "./schema.js";
import { type SchemaReader, schemaReaders } from "./schema-readers.js";

export interface LoadedDataSchema {
  /** Every model the readable files declare; `sources` also lists files that failed. */
  readonly schema: DataSchema;
  /** Unreadable or invalid schema files, and misconfigured schema locations. Empty when all is well. */
  readonly errors: readonly SchemaError[];
}

interface CacheEntry {
  readonly loaded: LoadedDataSchema;
  /** Modification times of the files and folders the result depends on (-1: absent). */
  readonly stamps: ReadonlyMap<string, number>;
  checkedAt: number;
}

// ESLint asks for every file; a second between looks at the disk keeps that to a few stats a
// second, and an edit of the schema is still seen by an editor's next lint.
const revalidateAfterMs = 1000;
const cache = new Map<string, CacheEntry>();

/** The schema files every reader wants under `root`, absolute and sorted. */
export function findSchemaFiles(root: string): string[] {
  return [...new Set(schemaReaders.flatMap((reader) => reader.findSources(resolve(root)).files))].sort();
}

/** The data schema under `root`. Never throws for a bad schema: its problems are in `errors`. */
export function loadDataSchema(root: string): LoadedDataSchema {
  const key = resolve(root);
  const entry = cache.get(key);
  const now = Date.now();
  if (entry) {
    if (now - entry.checkedAt < revalidateAfterMs) return entry.loaded;
    if ([...entry.stamps].every(([path, stamp]) => stampOf(path) === stamp)) {
      entry.checkedAt = now;
      return entry.loaded;
    }
  }
  const fresh = readSchema(key);
  cache.set(key, { ...fresh, checkedAt: now });
  return fresh.loaded;
}

function readSchema(root: string): { loaded: LoadedDataSchema; stamps: Map<string, number> } {
  const errors: SchemaError[] = [];
  const models: DataModel[] = [];
  const sources: string[] = [];
  for (const reader of schemaReaders) {
    const found = reader.findSources(root);
    errors.push(...found.errors);
    const texts = [];
    for (const file of found.files) {
      sources.push(file);
      try {
        texts.push({ file, text: readFileSync(file, "utf8") });
      } catch (error) {
        errors.push(new SchemaError({ file, line: 1 }, `cannot read: ${(error as Error).message}`));
      }
    }
    if (texts.length === 0) continue;
    let read: ReturnType<SchemaReader["read"]>;
    try {
      read = reader.read(texts);
    } catch (error) {
      // The parser itself failed to load or crashed: the schema is unread, which must show.
      errors.push(
        new SchemaError(
          { file: texts[0]!.file, line: 1 },
          `the ${reader.library} schema could not be read: ${(error as Error).message.split("\n")[0]}`,
        ),
      );
      continue;
    }
    models.push(...read.models);
    errors.push(...read.errors);
  }
  const byName = new Map<string, DataModel>();
  // The first model to claim a name keeps it (two schemas of one monorepo may both have a `User`).
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  const sortedSources = [...new Set(sources)].sort();
  // A new file in a schema folder, or a changed package.json key, shows in these folders' times.
  const watched = new Set([
    root,
    join(root, "package.json"),
    ...sortedSources,
    ...sortedSources.map((file) => dirname(file)),
  ]);
  return {
    loaded: { schema: { models: byName, sources: sortedSources }, errors: errors.sort(byLocation) },
    stamps: new Map([...watched].map((path) => [path, stampOf(path)])),
  };
}

function byLocation(a: SchemaError, b: SchemaError): number {
  return a.location.file < b.location.file
    ? -1
    : a.location.file > b.location.file
      ? 1
      : a.location.line - b.location.line;
}

function stampOf(path: string): number {
  try {
    return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  } catch {
    return -1;
  }
}

const packageRoots = new Map<string, string | undefined>();
const workspaceRoots = new Map<string, string | undefined>();

/**
 * The root to load the schema of a linted file from: its package (the nearest folder up with a
 * package.json) when a schema is found there, else the workspace root (pnpm-workspace.yaml, a
 * package.json with `workspaces`, or a .git), since monorepos keep `packages/db/prisma/` apart
 * from the apps that import its client. With neither, the file's own folder.
 */
export function schemaRootFor(fileName: string): string {
  const folder = dirname(resolve(fileName));
  const packageRoot = nearest(folder, packageRoots, (candidate) => existsSync(join(candidate, "package.json")));
  if (packageRoot !== undefined) {
    const own = loadDataSchema(packageRoot);
    if (own.schema.sources.length > 0 || own.errors.length > 0) return packageRoot;
  }
  return nearest(folder, workspaceRoots, isWorkspaceRoot) ?? packageRoot ?? folder;
}

function isWorkspaceRoot(folder: string): boolean {
  if (existsSync(join(folder, "pnpm-workspace.yaml")) || existsSync(join(folder, ".git"))) return true;
  try {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { workspaces?: unknown };
    return manifest.workspaces !== undefined;
  } catch {
    return false;
  }
}

/** The nearest folder from `start` upwards that satisfies `test`, remembered for every folder on the way. */
function nearest(
  start: string,
  memo: Map<string, string | undefined>,
  test: (folder: string) => boolean,
): string | undefined {
  const passed: string[] = [];
  let folder = start;
  let found: string | undefined;
  for (;;) {
    if (memo.has(folder)) {
      found = memo.get(folder);
      break;
    }
    passed.push(folder);
    if (test(folder)) {
      found = folder;
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const folder of passed) memo.set(folder, found);
  return found;
}
