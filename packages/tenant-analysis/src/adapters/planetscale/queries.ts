import { sqlDataLayer } from "../../data-layer/sql-calls.js";

/** `execute(text, params)`: MySQL SQL, `?` bound to the list's next value, `:name` to the object's property. */
export const planetscaleQueries = sqlDataLayer({
  layer: "planetscale",
  library: "planetscale",
  dialect: "mysql",
  methods: { execute: { text: { argument: 0 }, parameters: [{ argument: 1 }] } },
});
