/**
 * node-sql-parser's MySQL grammar, loaded on the first MySQL statement or migration read, not
 * when the core is imported: a project without MySQL never pays for it. Only the `build/mysql`
 * entry: the package's main entry builds the grammar of every dialect it knows (~65 ms at import,
 * against ~13 ms for MySQL's alone), and only MySQL's is used (see bench/sql-parsers).
 */
import { createRequire } from "node:module";
// `build/mysql`'s declarations are `export * from "../types"`: the main entry's types are its own.
import type * as NodeSqlParser from "node-sql-parser";

let parser: NodeSqlParser.Parser | undefined;

/** The one MySQL parser of the process (it keeps no state between calls). */
export function mysqlParser(): NodeSqlParser.Parser {
  if (!parser) {
    const { Parser } = createRequire(import.meta.url)("node-sql-parser/build/mysql") as typeof NodeSqlParser;
    parser = new Parser();
  }
  return parser;
}
