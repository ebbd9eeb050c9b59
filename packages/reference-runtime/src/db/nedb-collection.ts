import { assertNoIdentityChange, assertTenantId } from "./assert-tenant-id.js";
import type { FindOptions, TenantCollection, TenantDocument, TenantFilter, TenantUpdate } from "./collection.js";
import { type NedbDatastore, openDatastore } from "./nedb-datastore.js";
import { tenantQuery } from "./tenant-query.js";

/** The embedded store: one nedb file per collection under DATA_DIR, or memory when dataDir is null. */
export class NedbCollection<T extends TenantDocument> implements TenantCollection<T> {
  private readonly db: NedbDatastore<T>;

  private constructor(db: NedbDatastore<T>) {
    this.db = db;
  }

  static async open<T extends TenantDocument>(name: string, dataDir: string | null): Promise<NedbCollection<T>> {
    const db = await openDatastore<T>(name, dataDir);
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

  async insertMany(docs: readonly T[]): Promise<{ insertedCount: number }> {
    const scoped = docs.map((doc) => ({ ...doc, tenantId: assertTenantId(doc.tenantId) }));
    const inserted = await this.db.insertAsync<T>(scoped);
    return { insertedCount: inserted.length };
  }

  async updateOne(filter: TenantFilter<T>, update: TenantUpdate<T>): Promise<{ matchedCount: number }> {
    const { tenantId, ...rest } = filter;
    assertNoIdentityChange(update.$set);
    const result = await this.db.updateAsync(
      tenantQuery(assertTenantId(tenantId), rest),
      { $set: update.$set },
      { multi: false },
    );
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
