import type { Collection, Db, Filter, OptionalUnlessRequiredId, Sort } from "mongodb";
import { assertNoIdentityChange, assertTenantId } from "./assert-tenant-id.js";
import type { FindOptions, TenantCollection, TenantDocument, TenantFilter, TenantUpdate } from "./collection.js";
import { tenantQuery } from "./tenant-query.js";

/** The same collection layer over the official MongoDB driver (MONGODB_URI). */
export class MongoCollection<T extends TenantDocument> implements TenantCollection<T> {
  private readonly coll: Collection<T>;

  private constructor(coll: Collection<T>) {
    this.coll = coll;
  }

  static async open<T extends TenantDocument>(db: Db, name: string): Promise<MongoCollection<T>> {
    const coll = db.collection<T>(name);
    // Queries lead with the tenant; the compound index serves the history's sort too.
    await coll.createIndex({ tenantId: 1, createdAt: 1 });
    return new MongoCollection(coll);
  }

  async find(filter: TenantFilter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    const { tenantId, ...rest } = filter;
    let cursor = this.coll.find(tenantQuery(assertTenantId(tenantId), rest) as Filter<T>);
    if (options.sort) cursor = cursor.sort(options.sort as Sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as T[];
  }

  async findOne(filter: TenantFilter<T>): Promise<T | null> {
    const { tenantId, ...rest } = filter;
    return (await this.coll.findOne(tenantQuery(assertTenantId(tenantId), rest) as Filter<T>)) as T | null;
  }

  async insertOne(doc: T): Promise<{ insertedId: string }> {
    const tenantId = assertTenantId(doc.tenantId);
    await this.coll.insertOne({ ...doc, tenantId } as OptionalUnlessRequiredId<T>);
    return { insertedId: doc._id };
  }

  async insertMany(docs: readonly T[]): Promise<{ insertedCount: number }> {
    const scoped = docs.map(
      (doc) => ({ ...doc, tenantId: assertTenantId(doc.tenantId) }) as OptionalUnlessRequiredId<T>,
    );
    const result = await this.coll.insertMany(scoped);
    return { insertedCount: result.insertedCount };
  }

  async updateOne(filter: TenantFilter<T>, update: TenantUpdate<T>): Promise<{ matchedCount: number }> {
    const { tenantId, ...rest } = filter;
    assertNoIdentityChange(update.$set);
    const result = await this.coll.updateOne(tenantQuery(assertTenantId(tenantId), rest) as Filter<T>, {
      $set: update.$set as Partial<T>,
    });
    return { matchedCount: result.matchedCount };
  }

  async deleteOne(filter: TenantFilter<T>): Promise<{ deletedCount: number }> {
    const { tenantId, ...rest } = filter;
    const result = await this.coll.deleteOne(tenantQuery(assertTenantId(tenantId), rest) as Filter<T>);
    return { deletedCount: result.deletedCount };
  }

  async countDocuments(filter: TenantFilter<T>): Promise<number> {
    const { tenantId, ...rest } = filter;
    return this.coll.countDocuments(tenantQuery(assertTenantId(tenantId), rest) as Filter<T>);
  }
}
