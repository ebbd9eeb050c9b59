import type { LibraryAdapter } from "../types.js";

/** node-postgres: `new Pool()`, `new Client()`, and the `PoolClient` that `pool.connect()` hands out. */
export const pg: LibraryAdapter = {
  library: "pg",
  kind: "database",
  modules: ["pg", "pg-pool"],
  defaultExport: "namespace",
  constructs: ["Pool", "Client"],
  derivingMethods: ["connect"],
  typeNames: ["Pool", "Client", "PoolClient", "ClientBase"],
};
