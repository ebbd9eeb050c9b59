import { sqlDataLayer } from "../../data-layer/sql-calls.js";

/** `query/execute(text, values)` and `({ sql, values })`, with each `?` bound to the next value (`VALUES ?`, `SET ?` take rows). */
const call = {
  text: { argument: 0, properties: ["sql"] },
  parameters: [{ argument: 1 }, { argument: 0, properties: ["values"] }],
} as const;

export const mysql2Queries = sqlDataLayer({
  layer: "mysql2",
  library: "mysql2",
  dialect: "mysql",
  methods: { query: call, execute: call },
});
