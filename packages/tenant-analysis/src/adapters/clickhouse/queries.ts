import { sqlDataLayer } from "../../data-layer/sql-calls.js";

/** `query/command/exec({ query, query_params })` with `{name:Type}` parameters; `insert({ table, values })` writes the values as rows. */
const call = {
  text: { argument: 0, properties: ["query"] },
  parameters: [{ argument: 0, properties: ["query_params"] }],
} as const;

export const clickhouseQueries = sqlDataLayer({
  layer: "clickhouse",
  library: "clickhouse",
  dialect: "clickhouse",
  methods: { query: call, command: call, exec: call, insert: { insert: { table: "table", values: "values" } } },
});
