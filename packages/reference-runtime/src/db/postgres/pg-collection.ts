import { type SQL, and, asc, count, desc, eq, getTableColumns, inArray, isNull } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { assertNoIdentityChange, assertTenantId } from "../assert-tenant-id.js";
import type { FindOptions, TenantCollection, TenantDocument, TenantFilter, TenantUpdate } from "../collection.js";

/** A table of schema.ts whose keys are a model's fields: `_id` and `tenantId` always. */
export type TenantTable = PgTable & { _id: AnyPgColumn; tenantId: AnyPgColumn };

/**
 * The collection layer over PostgreSQL with Drizzle. Every statement's where clause starts
 * with `eq(t.tenantId, tenantId)` (the tenant checked at run time too, since a filter
 * `tenantId: undefined` would be dropped), and every insert sets `tenantId`.
 */
export class PgCollection<T extends TenantDocument> implements TenantCollection<T> {
  constructor(
    private readonly db: NodePgDatabase,
    private readonly table: TenantTable,
  ) {}

  async find(filter: TenantFilter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    const { tenantId, ...rest } = filter;
    assertTenantId(tenantId);
    const t = this.table;
    const query = this.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), ...this.matching(rest)))
      .orderBy(...this.ordering(options.sort))
      .$dynamic();
    const rows = options.limit === undefined ? await query : await query.limit(options.limit);
    return rows as T[];
  }

  async findOne(filter: TenantFilter<T>): Promise<T | null> {
    const { tenantId, ...rest } = filter;
    assertTenantId(tenantId);
    const t = this.table;
    const rows = await this.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), ...this.matching(rest)))
      .limit(1);
    return (rows[0] as T | undefined) ?? null;
  }

  async insertOne(doc: T): Promise<{ insertedId: string }> {
    const tenantId = assertTenantId(doc.tenantId);
    await this.db.insert(this.table).values({ ...doc, tenantId } as never);
    return { insertedId: doc._id };
  }

  async insertMany(docs: readonly T[]): Promise<{ insertedCount: number }> {
    if (docs.length === 0) return { insertedCount: 0 };
    const rows = docs.map((doc) => ({ ...doc, tenantId: assertTenantId(doc.tenantId) }));
    const result = await this.db.insert(this.table).values(rows as never[]);
    return { insertedCount: result.rowCount ?? rows.length };
  }

  async updateOne(filter: TenantFilter<T>, update: TenantUpdate<T>): Promise<{ matchedCount: number }> {
    const { tenantId, ...rest } = filter;
    assertTenantId(tenantId);
    assertNoIdentityChange(update.$set);
    const t = this.table;
    // "One": the first matching row of this tenant, picked by the subquery.
    const result = await this.db
      .update(t)
      .set(update.$set as never)
      .where(and(eq(t.tenantId, tenantId), inArray(t._id, this.firstMatch(tenantId, rest))));
    return { matchedCount: result.rowCount ?? 0 };
  }

  async deleteOne(filter: TenantFilter<T>): Promise<{ deletedCount: number }> {
    const { tenantId, ...rest } = filter;
    assertTenantId(tenantId);
    const t = this.table;
    const result = await this.db
      .delete(t)
      .where(and(eq(t.tenantId, tenantId), inArray(t._id, this.firstMatch(tenantId, rest))));
    return { deletedCount: result.rowCount ?? 0 };
  }

  async countDocuments(filter: TenantFilter<T>): Promise<number> {
    const { tenantId, ...rest } = filter;
    assertTenantId(tenantId);
    const t = this.table;
    const [row] = await this.db
      .select({ n: count() })
      .from(t)
      .where(and(eq(t.tenantId, tenantId), ...this.matching(rest)));
    return row?.n ?? 0;
  }

  private firstMatch(tenantId: string, rest: Record<string, unknown>) {
    const t = this.table;
    return this.db
      .select({ id: t._id })
      .from(t)
      .where(and(eq(t.tenantId, tenantId), ...this.matching(rest)))
      .limit(1);
  }

  /** The filter's other fields as equalities (`null` as IS NULL, as the document stores use it). */
  private matching(fields: Record<string, unknown>): SQL[] {
    const columns = getTableColumns(this.table);
    return Object.entries(fields).map(([field, value]) => {
      const column = columns[field];
      if (!column) throw new TypeError(`${field} is not a column of this table`);
      return value === null ? isNull(column) : eq(column, value);
    });
  }

  private ordering(sort: FindOptions<T>["sort"]): SQL[] {
    const columns = getTableColumns(this.table);
    return Object.entries(sort ?? {}).map(([field, direction]) => {
      const column = columns[field];
      if (!column) throw new TypeError(`${field} is not a column of this table`);
      return direction === -1 ? desc(column) : asc(column);
    });
  }
}
