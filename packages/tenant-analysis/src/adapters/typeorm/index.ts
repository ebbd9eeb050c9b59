import type { LibraryAdapter } from "../types.js";

/**
 * TypeORM data sources and entity managers: `new DataSource(…)` (and the older
 * `createConnection`), values typed `DataSource`/`EntityManager`. Their repositories and the
 * entities they query are read by `query-sites.ts`; this entry makes the module understood.
 */
export const typeorm: LibraryAdapter = {
  library: "typeorm",
  kind: "database",
  modules: ["typeorm"],
  constructs: ["DataSource"],
  factories: ["createConnection"],
  callbackReceivers: ["transaction"],
  typeNames: ["DataSource", "EntityManager", "Connection"],
};
