import type { LibraryAdapter } from "../types.js";

/** mysql2 (and `mysql2/promise`): `createPool()`, `createConnection()`, their `.promise()` and pooled connections. */
export const mysql2: LibraryAdapter = {
  library: "mysql2",
  kind: "database",
  modules: ["mysql2", "mysql2/promise", "mysql"],
  defaultExport: "namespace",
  factories: ["createPool", "createConnection", "createPoolCluster"],
  derivingMethods: ["promise", "getConnection"],
  typeNames: ["Pool", "Connection", "PoolConnection"],
};
