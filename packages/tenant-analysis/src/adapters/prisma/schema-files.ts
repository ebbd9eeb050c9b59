/**
 * Where a project keeps its Prisma schema (CONTRACT.md, "Data layers"): the `prisma.schema` key
 * of package.json (a file or a folder), else `prisma/schema.prisma`, else the `.prisma` files of
 * `prisma/schema/`, else `schema.prisma`; and when the root has none of these, the same rules one
 * folder level down at a time, so a monorepo's `packages/db/prisma/schema.prisma` is found from
 * the workspace root.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "../../typescript.cjs";
import { SchemaError } from "../../data-layer/schema.js";
import type { SchemaSources } from "../../data-layer/schema-readers.js";

// Folders that never hold the project's own schema: installed packages, build output, VCS and
// tool caches (a generated client's copy of schema.prisma sits in one of these or below the
// project that owns it, which stops the walk first).
const skippedFolders = new Set(["node_modules", "dist", "build", "coverage"]);
// Below the root, folders of tests and examples hold schemas of their own, not the project's:
// a repository's root must not pick up `fixtures/db/prisma/schema.prisma`. Given as the root
// itself (linting a file inside one, or auditing it), they are searched like any other.
const sampleFolders = new Set(["test", "tests", "__tests__", "fixtures", "__fixtures__", "examples", "e2e"]);
const maxDepth = 6;
const maxFolders = 4000;

export function findPrismaSchemaFiles(root: string): SchemaSources {
  const errors: SchemaError[] = [];
  let level = [resolve(root)];
  let visited = 0;
  // Breadth first, a level at a time: the shallowest projects with a schema win, so a test
  // fixture's schema deep inside a package never joins the package's own.
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
    const found: string[] = [];
    const next: string[] = [];
    for (const folder of level) {
      const files = projectSchema(folder, errors);
      if (files) {
        found.push(...files);
        continue;
      }
      for (const child of subfolders(folder)) {
        // A bound for giant trees: past it, the schema is not looked for any deeper.
        if (++visited > maxFolders) break;
        next.push(child);
      }
    }
    if (found.length > 0 || errors.length > 0) return { files: [...new Set(found)].sort(), errors };
    level = next;
  }
  return { files: [], errors };
}

/** The schema files of the project in `folder` by the rules above, or undefined when it has none. */
function projectSchema(folder: string, errors: SchemaError[]): string[] | undefined {
  const configured = configuredSchema(folder, errors) ?? configFileSchema(folder, errors);
  if (configured !== undefined) return configured;
  const single = join(folder, "prisma", "schema.prisma");
  if (isFile(single)) return [single];
  const split = prismaFilesUnder(join(folder, "prisma", "schema"));
  if (split.length > 0) return split;
  const bare = join(folder, "schema.prisma");
  return isFile(bare) ? [bare] : undefined;
}

/** `package.json#prisma.schema`, relative to that package.json: a file, or a folder of `.prisma` files. */
function configuredSchema(folder: string, errors: SchemaError[]): string[] | undefined {
  const manifest = join(folder, "package.json");
  let text: string;
  try {
    text = readFileSync(manifest, "utf8");
  } catch {
    return undefined;
  }
  const location = schemaKeyOf(manifest, text);
  if (!location) return undefined;
  const target = resolve(folder, location.value);
  if (isFile(target)) return [target];
  const files = prismaFilesUnder(target);
  if (files.length > 0) return files;
  errors.push(
    new SchemaError(
      { file: manifest, line: location.line },
      `"prisma.schema" names ${JSON.stringify(location.value)}, which is neither a file nor a folder with .prisma files`,
    ),
  );
  return [];
}

const configFileNames = [
  "prisma.config.ts",
  "prisma.config.mts",
  "prisma.config.cts",
  "prisma.config.js",
  "prisma.config.mjs",
  "prisma.config.cjs",
];

/**
 * `prisma.config.ts` (Prisma 6.6+): the `schema` path of its default export, when written as a
 * string literal (`export default defineConfig({ schema: "db/schema.prisma" })`). The file is code
 * and is not run: a path computed at run time is not seen, and the search goes on as without it.
 */
function configFileSchema(folder: string, errors: SchemaError[]): string[] | undefined {
  for (const name of configFileNames) {
    const file = join(folder, name);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const schema = defaultExportedSchema(source);
    if (!schema) return undefined;
    const target = resolve(folder, schema.text);
    if (isFile(target)) return [target];
    const files = prismaFilesUnder(target);
    if (files.length > 0) return files;
    const line = source.getLineAndCharacterOfPosition(schema.getStart(source)).line + 1;
    errors.push(
      new SchemaError(
        { file, line },
        `"schema" names ${JSON.stringify(schema.text)}, which is neither a file nor a folder with .prisma files`,
      ),
    );
    return [];
  }
  return undefined;
}

function defaultExportedSchema(source: ts.SourceFile): ts.StringLiteralLike | undefined {
  for (const statement of source.statements) {
    if (!ts.isExportAssignment(statement) || statement.isExportEquals) continue;
    let value: ts.Expression = statement.expression;
    // `defineConfig({ … })`, `satisfies PrismaConfig`
    while (
      ts.isCallExpression(value) ||
      ts.isSatisfiesExpression(value) ||
      ts.isAsExpression(value) ||
      ts.isParenthesizedExpression(value)
    ) {
      value = ts.isCallExpression(value) ? (value.arguments[0] ?? value) : value.expression;
      if (ts.isCallExpression(value) && value.arguments.length === 0) break;
    }
    if (!ts.isObjectLiteralExpression(value)) return undefined;
    for (const property of value.properties) {
      if (
        ts.isPropertyAssignment(property) &&
        property.name.getText(source) === "schema" &&
        ts.isStringLiteralLike(property.initializer)
      )
        return property.initializer;
    }
  }
  return undefined;
}

/** The value and line of `"prisma": { "schema": "…" }`, read with TypeScript's JSON parser for its positions. */
function schemaKeyOf(fileName: string, text: string): { value: string; line: number } | undefined {
  const json = ts.parseJsonText(fileName, text);
  const top = json.statements[0]?.expression;
  const prisma = top && ts.isObjectLiteralExpression(top) ? propertyOf(top, "prisma") : undefined;
  const schema = prisma && ts.isObjectLiteralExpression(prisma) ? propertyOf(prisma, "schema") : undefined;
  if (!schema || !ts.isStringLiteral(schema) || schema.text.length === 0) return undefined;
  return { value: schema.text, line: json.getLineAndCharacterOfPosition(schema.getStart(json)).line + 1 };
}

function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name) && property.name.text === name)
      return property.initializer;
  }
  return undefined;
}

/** Every `.prisma` file in a folder and its subfolders (Prisma reads a schema folder recursively). */
function prismaFilesUnder(folder: string, depth = 0): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && entry.name.endsWith(".prisma")) files.push(path);
    else if (entry.isDirectory() && depth < maxDepth && !isSkipped(entry.name))
      files.push(...prismaFilesUnder(path, depth + 1));
  }
  return files.sort();
}

function subfolders(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !isSkipped(entry.name) && !sampleFolders.has(entry.name))
      .map((entry) => join(folder, entry.name))
      .sort();
  } catch {
    return [];
  }
}

function isSkipped(name: string): boolean {
  return name.startsWith(".") || skippedFolders.has(name);
}

/** An unreadable folder holds no schema we can read: the CLI reports the folder itself as unreadable. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
