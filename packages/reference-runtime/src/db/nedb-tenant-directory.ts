import { type NedbDatastore, openDatastore } from "./nedb-datastore.js";
import type { TenantDirectory } from "./tenant-directory.js";

interface RegisteredTenant {
  _id: string;
  registeredAt: string;
}

/** The tenant registry in the embedded store: one document per tenant, keyed by its id. */
export class NedbTenantDirectory implements TenantDirectory {
  private constructor(private readonly db: NedbDatastore<RegisteredTenant>) {}

  static async open(dataDir: string | null): Promise<NedbTenantDirectory> {
    return new NedbTenantDirectory(await openDatastore<RegisteredTenant>("tenants", dataDir));
  }

  async register(tenantId: string): Promise<void> {
    // nedb has no $setOnInsert: look first (one process owns this store, so no race).
    if (await this.db.findOneAsync({ _id: tenantId })) return;
    await this.db.insertAsync({ _id: tenantId, registeredAt: new Date().toISOString() });
  }

  async list(): Promise<string[]> {
    const entries = await this.db.findAsync<RegisteredTenant>({}).sort({ _id: 1 });
    return entries.map((entry) => entry._id);
  }
}
