import { sqlDataLayer } from "../../data-layer/sql-calls.js";

/**
 * `sql\`…\`` with `${value}` holes, nested `sql\`…\`` fragments, `sql(row, ...columns)` for rows
 * in an INSERT or a SET; `sql.unsafe(text, params)` with `$1`.
 */
export const postgresJsQueries = sqlDataLayer({
  layer: "postgres",
  library: "postgres",
  dialect: "postgresql",
  receiverIsTag: true,
  receiverCallIsRows: true,
  methods: {
    unsafe: { text: { argument: 0 }, parameters: [{ argument: 1 }] },
  },
});
