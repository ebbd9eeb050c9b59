import type { LibraryAdapter } from "../types.js";

/** MongoDB driver collections: `db.collection("name")` and `Collection<T>`. */
export const mongodb: LibraryAdapter = {
  library: "mongodb",
  kind: "collection",
  modules: ["mongodb"],
  factoryMethods: ["collection"],
  typeNames: ["Collection"],
};
