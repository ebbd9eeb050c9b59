import type { LibraryAdapter } from "../types.js";

/** postgres.js: `const sql = postgres(url)` is the client and the tag; `sql.begin(async (tx) => …)` hands out another. */
export const postgresJs: LibraryAdapter = {
  library: "postgres",
  kind: "database",
  modules: ["postgres"],
  defaultExport: "call",
  callbackReceivers: ["begin", "savepoint"],
  derivingMethods: ["reserve"],
  typeNames: ["Sql", "TransactionSql", "ReservedSql"],
};
