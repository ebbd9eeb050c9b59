import { sqlDataLayer } from "../../data-layer/sql-calls.js";

/** `query(text, values)` and `query({ text, values })`, with `$1` bound to `values[0]`. */
export const pgQueries = sqlDataLayer({
  layer: "pg",
  library: "pg",
  dialect: "postgresql",
  methods: {
    query: {
      text: { argument: 0, properties: ["text"] },
      parameters: [{ argument: 1 }, { argument: 0, properties: ["values"] }],
    },
  },
});
