/**
 * `readSql`: SQL text, or the parts of a template literal around its `${}` holes, in, statement
 * facts out (types.ts). PostgreSQL and ClickHouse are read by PostgreSQL's own parser
 * (libpg-query; ClickHouse's SELECTs are close enough to it, and what is not is left unparsed),
 * MySQL by node-sql-parser's MySQL grammar (see bench/sql-parsers for why two). Never throws and never guesses: a statement the parser rejects is
 * `{ parsed: false, reason }`.
 */
import { mysqlPlaceholderForm, readMysql } from "./mysql-read.js";
import { parsePostgres } from "./pg-parser.js";
import { readPgStatement } from "./pg-read.js";
import { prepareSql } from "./placeholders.js";
import type { ReadSqlOptions, SqlStatement } from "./types.js";

/**
 * @param sql a string with `$1` / `?` / `:name` / `{name:Type}` placeholders, or a template
 *   literal's string parts (`strings` of a tag, or the quasis of a template): a hole between
 *   each two parts, numbered from 0, stands for a value, or for a name where SQL wants one.
 */
export function readSql(sql: string | readonly string[], options: ReadSqlOptions): SqlStatement[] {
  if (options.dialect === "mysql") {
    // MySQL's own grammar: ON DUPLICATE KEY UPDATE, INSERT … SET, UPDATE … JOIN are not PostgreSQL.
    const mysql = prepareSql(sql, "mysql", { form: mysqlPlaceholderForm });
    return readMysql(mysql.text, {
      placeholders: mysql.placeholders,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
  }
  const prepared = prepareSql(sql, options.dialect, { postgresQuoting: true });
  const parse = parsePostgres(prepared.text);
  if (!parse.ok) return [{ parsed: false, reason: `the SQL does not parse: ${parse.reason}` }];
  const statements = parse.result.stmts ?? [];
  if (statements.length === 0) return [{ parsed: false, reason: "no statement" }];
  return statements.map((raw): SqlStatement => {
    if (raw.stmt === undefined) return { parsed: false, reason: "an empty statement" };
    const start = raw.stmt_location ?? 0;
    const text = (
      raw.stmt_len === undefined || raw.stmt_len === 0
        ? prepared.text.slice(start)
        : prepared.text.slice(start, start + raw.stmt_len)
    ).trim();
    try {
      return readPgStatement(raw.stmt, text, {
        dialect: options.dialect,
        placeholders: prepared.placeholders,
        ...(options.schema === undefined ? {} : { schema: options.schema }),
      });
    } catch (error) {
      // A parse tree shape this reader does not expect is a reader bug; the statement stays unverified.
      return {
        parsed: false,
        reason: `the statement could not be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  });
}
