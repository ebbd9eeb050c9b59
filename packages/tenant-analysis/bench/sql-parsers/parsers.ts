/**
 * The candidate parsers, each behind one `parse(text, dialect)` that throws on a statement it
 * rejects. Statements reach them with their placeholders rewritten by the module's own lexer,
 * into the form each parser accepts, exactly as `readSql` would hand them over.
 */
import { createRequire } from "node:module";
import { prepareSql } from "../../src/data-layer/sql/placeholders.js";
import type { CorpusDialect } from "./corpus.js";

const require = createRequire(import.meta.url);

export interface Candidate {
  readonly name: string;
  /** The text this parser is handed for a corpus statement (placeholders and quoting rewritten). */
  readonly prepare: (sql: string, dialect: CorpusDialect) => string;
  /** Resolves to a function that parses one prepared text, throwing when the parser rejects it. */
  readonly load: () => Promise<(text: string, dialect: CorpusDialect) => unknown>;
}

/** For a PostgreSQL grammar: `$n`, and MySQL/ClickHouse quoting rewritten into PostgreSQL's. */
const dollar = (sql: string, dialect: CorpusDialect): string =>
  prepareSql(sql, dialect, { postgresQuoting: true }).text;
/** For a MySQL grammar: `:pn`, quoting as written. */
const colon = (sql: string, dialect: CorpusDialect): string => prepareSql(sql, dialect, { form: (n) => `:p${n}` }).text;

export const candidates: readonly Candidate[] = [
  {
    name: "libpg-query",
    prepare: dollar,
    load: async () => {
      const lib = require("libpg-query") as typeof import("libpg-query");
      await lib.loadModule();
      return (text) => lib.parseSync(text);
    },
  },
  {
    name: "pgsql-ast-parser",
    prepare: dollar,
    load: async () => {
      const lib = require("pgsql-ast-parser") as typeof import("pgsql-ast-parser");
      return (text) => lib.parse(text);
    },
  },
  {
    name: "node-sql-parser",
    prepare: (sql, dialect) => (dialect === "postgresql" ? dollar(sql, dialect) : colon(sql, dialect)),
    load: async () => {
      const { Parser } = require("node-sql-parser") as typeof import("node-sql-parser");
      const parser = new Parser();
      // Its PostgreSQL grammar takes `$1`, its MySQL grammar `:name`; ClickHouse has no grammar of its own.
      return (text, dialect) => parser.astify(text, { database: dialect === "postgresql" ? "PostgresQL" : "MySQL" });
    },
  },
  {
    name: "sql-parser-cst",
    prepare: (sql, dialect) => (dialect === "postgresql" ? dollar(sql, dialect) : colon(sql, dialect)),
    load: async () => {
      const lib = require("sql-parser-cst") as typeof import("sql-parser-cst");
      return (text, dialect) =>
        dialect === "postgresql"
          ? lib.parse(text, { dialect: "postgresql", paramTypes: ["$nr"] })
          : lib.parse(text, { dialect: "mysql", paramTypes: [":name"] });
    },
  },
  {
    // The module itself, as the checks call it: lexer, the chosen parser per dialect, and the
    // reading of tables, predicates and written values. A statement it leaves unparsed counts as rejected.
    name: "readSql (chosen)",
    prepare: (sql) => sql,
    load: async () => {
      // Imported here, so that the other candidates' processes do not load both parsers.
      const { readSql } = await import("../../src/data-layer/sql/read-sql.js");
      return (text, dialect) => {
        for (const statement of readSql(text, { dialect })) if (!statement.parsed) throw new Error(statement.reason);
      };
    },
  },
];
