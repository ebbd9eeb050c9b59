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
import { type DdlFile, readDdl, readDdlFiles } from "./ddl.js";

// Below the root, tests and examples keep migrations of their own samples, as they keep schemas.
const sampleFolders = new Set(["test", "tests", "__tests__", "fixtures", "__fixtures__", "examples", "e2e"]);

export function findDdlSources(root: string): SchemaSources {
  const files = findDdlFiles(root).filter(
    (file) =>
      !path
        .relative(root, file)
        .split(path.sep)
        .some((segment) => sampleFolders.has(segment)),
  );
  return { files, errors: [] };
}

export function readDdlSources(sources: readonly SchemaSourceText[]): SchemaReadResult {
  const { models } = readDdlFiles(sources.map(readablePart));
  return { models: [...models.values()], errors: [] };
}

/**
 * A file the parsers reject as a whole keeps the statements they read one by one: one ClickHouse
 * `CREATE TABLE … ENGINE = MergeTree …` or vendor statement does not hide the file's other tables.
 * ClickHouse's table clauses after the column list (`ENGINE`, `ORDER BY`, `PARTITION BY`, `TTL`,
 * `SETTINGS`) say nothing about columns and are dropped. Rejected statements become blank lines,
 * so the lines of the rest stay where they were.
 */
function readablePart(source: DdlFile): DdlFile {
  if (readDdl(source.text, source.file).problems.length === 0) return source;
  const kept = source.text.split(/(?<=;)/u).map((statement) => {
    const candidate = statement.replace(/\)\s*ENGINE\s*=[^;]*/giu, ")").replace(/\bON\s+CLUSTER\s+\S+/giu, "");
    const ending = candidate.trimEnd().endsWith(";") ? candidate : `${candidate};`;
    return readDdl(ending, source.file).problems.length === 0 ? candidate : statement.replace(/[^\n]/gu, "");
  });
  return { file: source.file, text: kept.join("") };
}
