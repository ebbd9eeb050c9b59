import { createRequire } from "node:module";
import path from "node:path";
import type * as NedbModule from "@seald-io/nedb";
import { assertNoIdentityChange, assertTenantId } from "./assert-tenant-id.js";
import type { FindOptions, TenantCollection, TenantDocument, TenantFilter, TenantUpdate } from "./collection.js";
import { tenantQuery } from "./tenant-query.js";

// nedb's typings declare `export default` but the module is CommonJS `module.exports`:
// under NodeNext the default import's type is wrong, so load it once here.
const require = createRequire(import.meta.url);
type NedbDatastore<T> = NedbModule.default<T>;
type DatastoreConstructor = new <T>(options: NedbModule.default.DataStoreOptions) => NedbDatastore<T>;
const nedbModule = require("@seald-io/nedb") as { default?: DatastoreConstructor } & DatastoreConstructor;
const Datastore: DatastoreConstructor = nedbModule.default ?? nedbModule;

/** The embedded store: one nedb file per collection under DATA_DIR, or memory when dataDir is null. */
export class NedbCollection<T extends TenantDocument> implements TenantCollection<T> {
  private readonly db: NedbDatastore<T>;

  private constructor(db: NedbDatastore<T>) {
    this.db = db;
  }

  static async open<T extends TenantDocument>(name: string, dataDir: string | null): Promise<NedbCollection<T>> {
    const db = new Datastore<T>(dataDir === null ? { inMemoryOnly: true } : { filename: path.join(dataDir, `${name}.db`) });
    await db.loadDatabaseAsync();
    // Every query leads with the tenant, so index it.
    await db.ensureIndexAsync({ fieldName: "tenantId" });
    return new NedbCollection(db);
  }

  async find(filter: TenantFilter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    const { tenantId, ...rest } = filter;
    let cursor = this.db.findAsync<T>(tenantQuery(assertTenantId(tenantId), rest));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return stripNulls(await cursor);
  }

  async findOne(filter: TenantFilter<T>): Promise<T | null> {
    const { tenantId, ...rest } = filter;
    const doc = await this.db.findOneAsync<T>(tenantQuery(assertTenantId(tenantId), rest));
    return doc ?? null;
  }

  async insertOne(doc: T): Promise<{ insertedId: string }> {
    const tenantId = assertTenantId(doc.tenantId);
    const inserted = await this.db.insertAsync<T>({ ...doc, tenantId });
    return { insertedId: inserted._id };
  }

  async updateOne(filter: TenantFilter<T>, update: TenantUpdate<T>): Promise<{ matchedCount: number }> {
    const { tenantId, ...rest } = filter;
    assertNoIdentityChange(update.$set);
    const result = await this.db.updateAsync(tenantQuery(assertTenantId(tenantId), rest), { $set: update.$set }, { multi: false });
    return { matchedCount: result.numAffected };
  }

  async deleteOne(filter: TenantFilter<T>): Promise<{ deletedCount: number }> {
    const { tenantId, ...rest } = filter;
    const deletedCount = await this.db.removeAsync(tenantQuery(assertTenantId(tenantId), rest), { multi: false });
    return { deletedCount };
  }

  async countDocuments(filter: TenantFilter<T>): Promise<number> {
    const { tenantId, ...rest } = filter;
    return this.db.countAsync(tenantQuery(assertTenantId(tenantId), rest));
  }
}

function stripNulls<T>(docs: T[]): T[] {
  return docs.filter((d) => d !== null);
}
