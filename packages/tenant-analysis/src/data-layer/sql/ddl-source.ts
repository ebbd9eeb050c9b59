/**
 * SQL migrations as a schema reader (../schema-readers.ts): the tables that the `CREATE TABLE`
 * and `ALTER TABLE` statements of a project's migrations folders leave behind. A migration that
 * does not parse is no schema error: migrations folders often hold statements no parser knows
 * (vendor extensions, psql meta-commands), so its tables stay unknown and raw SQL naming them is
 * unverified, rather than the whole audit failing.
 */
import path from "node:path";
import type { SchemaReadResult, SchemaSources, SchemaSourceText } from "../schema-readers.js";
import { findDdlFiles } from "./ddl-files.js";
import { readDdlFiles } from "./ddl.js";

// Below the root, tests and examples keep migrations of their own samples, as they keep schemas.
const sampleFolders = new Set(["test", "tests", "__tests__", "fixtures", "__fixtures__", "examples", "e2e"]);

export function findDdlSources(root: string): SchemaSources {
  const files = findDdlFiles(root).filter((file) => !path.relative(root, file).split(path.sep).some((segment) => sampleFolders.has(segment)));
  return { files, errors: [] };
}

export function readDdlSources(sources: readonly SchemaSourceText[]): SchemaReadResult {
  const { models } = readDdlFiles(sources);
  return { models: [...models.values()], errors: [] };
}
