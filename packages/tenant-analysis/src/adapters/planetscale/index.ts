import type { LibraryAdapter } from "../types.js";

/**
 * `@planetscale/database`, PlanetScale's serverless driver: MySQL-compatible (Vitess), not
 * Postgres. `connect(config)` and `new Client(config)`, `client.connection()`, and the `tx` of
 * `conn.transaction(async (tx) => …)`.
 */
export const planetscale: LibraryAdapter = {
  library: "planetscale",
  kind: "database",
  modules: ["@planetscale/database"],
  constructs: ["Client"],
  factories: ["connect"],
  derivingMethods: ["connection"],
  callbackReceivers: ["transaction"],
  typeNames: ["Client", "Connection", "Transaction"],
};
