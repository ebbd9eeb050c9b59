import { asc } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { TenantDirectory } from "../tenant-directory.js";
import { tenants } from "./schema.js";

/** The tenant registry in PostgreSQL: the `tenants` table, which has no tenant column of its own. */
export class PgTenantDirectory implements TenantDirectory {
  constructor(private readonly db: NodePgDatabase) {}

  async register(tenantId: string): Promise<void> {
    await this.db.insert(tenants).values({ id: tenantId }).onConflictDoNothing();
  }

  async list(): Promise<string[]> {
    const rows = await this.db.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.id));
    return rows.map((row) => row.id);
  }
}
