/**
 * The collection layer every route and job goes through. Method names follow the MongoDB
 * driver so the same audit rules apply to it as to `mongodb` itself, and the types make an
 * unscoped call a compile error: every filter must carry `tenantId`, every inserted
 * document must carry it, and an update can never change it.
 */
export interface TenantDocument {
  _id: string;
  tenantId: string;
}

/** Equality filter on a document's fields; the tenant is mandatory. */
export type TenantFilter<T extends TenantDocument> = { [K in keyof T]?: T[K] } & { tenantId: string };

/** `$set` on anything but the identity fields. */
export type TenantUpdate<T extends TenantDocument> = { $set: Partial<Omit<T, "_id" | "tenantId">> };

export interface FindOptions<T> {
  sort?: { [K in keyof T]?: 1 | -1 };
  limit?: number;
}

export interface TenantCollection<T extends TenantDocument> {
  find(filter: TenantFilter<T>, options?: FindOptions<T>): Promise<T[]>;
  findOne(filter: TenantFilter<T>): Promise<T | null>;
  insertOne(doc: T): Promise<{ insertedId: string }>;
  insertMany(docs: readonly T[]): Promise<{ insertedCount: number }>;
  updateOne(filter: TenantFilter<T>, update: TenantUpdate<T>): Promise<{ matchedCount: number }>;
  deleteOne(filter: TenantFilter<T>): Promise<{ deletedCount: number }>;
  countDocuments(filter: TenantFilter<T>): Promise<number>;
}
