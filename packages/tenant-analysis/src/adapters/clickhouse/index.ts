import type { LibraryAdapter } from "../types.js";

/** `@clickhouse/client`: `createClient({ url })`. */
export const clickhouse: LibraryAdapter = {
  library: "clickhouse",
  kind: "database",
  modules: ["@clickhouse/client", "@clickhouse/client-web"],
  factories: ["createClient"],
  typeNames: ["ClickHouseClient"],
};
