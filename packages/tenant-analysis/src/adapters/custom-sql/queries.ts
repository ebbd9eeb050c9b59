import { sqlDataLayer, type SqlLibrary } from "../../data-layer/sql-calls.js";
import { customSqlLibrary } from "../../receivers/custom.js";
import type { SqlDialect } from "../../data-layer/sql/index.js";

/**
 * In-house SQL clients named in the `receivers` setting under `sql`: `query(text, params)`,
 * `query({ text | query | sql, values | params | query_params })`, and the value used as a tag
 * (`sql\`…\``). One layer per dialect the setting may name (`dialect`, PostgreSQL by default).
 */
const query = {
  text: { argument: 0, properties: ["text", "query", "sql"] },
  parameters: [{ argument: 1 }, { argument: 0, properties: ["values", "params", "query_params", "parameters"] }],
} as const;

function customSql(dialect: SqlDialect): SqlLibrary {
  return {
    layer: customSqlLibrary(dialect),
    library: customSqlLibrary(dialect),
    dialect,
    receiverIsTag: true,
    methods: { query },
  };
}

export const customSqlQueries = (["postgresql", "mysql", "clickhouse"] as const).map((dialect) =>
  sqlDataLayer(customSql(dialect)),
);
