import { createRequire } from "node:module";
import path from "node:path";
import type * as NedbModule from "@seald-io/nedb";

// nedb's typings declare `export default` but the module is CommonJS `module.exports`:
// under NodeNext the default import's type is wrong, so load it once here.
const require = createRequire(import.meta.url);
export type NedbDatastore<T> = NedbModule.default<T>;
type DatastoreConstructor = new <T>(options: NedbModule.default.DataStoreOptions) => NedbDatastore<T>;
const nedbModule = require("@seald-io/nedb") as { default?: DatastoreConstructor } & DatastoreConstructor;
const Datastore: DatastoreConstructor = nedbModule.default ?? nedbModule;

/** One nedb file per collection under `dataDir`, or memory when it is null. */
export async function openDatastore<T>(name: string, dataDir: string | null): Promise<NedbDatastore<T>> {
  const db = new Datastore<T>(
    dataDir === null ? { inMemoryOnly: true } : { filename: path.join(dataDir, `${name}.db`) },
  );
  await db.loadDatabaseAsync();
  return db;
}
