import type { LibraryAdapter } from "../types.js";

/**
 * Kysely: `new Kysely<DB>(…)`, values typed `Kysely<DB>` or `Transaction<DB>`, and the `trx` of
 * `db.transaction().execute(async (trx) => …)` (`execute` with a callback). Its query builders
 * are read by `query-sites.ts`.
 */
export const kysely: LibraryAdapter = {
  library: "kysely",
  kind: "database",
  modules: ["kysely"],
  constructs: ["Kysely"],
  typeNames: ["Kysely", "Transaction", "ControlledTransaction"],
};
