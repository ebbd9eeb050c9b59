import type { Collection, Db } from "mongodb";
import type { TenantDirectory } from "./tenant-directory.js";

interface RegisteredTenant {
  _id: string;
  registeredAt: Date;
}

/** The tenant registry in MongoDB (`tenants`, declared global in tenant-audit.config.json). */
export class MongoTenantDirectory implements TenantDirectory {
  private constructor(private readonly coll: Collection<RegisteredTenant>) {}

  static open(db: Db): MongoTenantDirectory {
    return new MongoTenantDirectory(db.collection<RegisteredTenant>("tenants"));
  }

  async register(tenantId: string): Promise<void> {
    await this.coll.updateOne({ _id: tenantId }, { $setOnInsert: { registeredAt: new Date() } }, { upsert: true });
  }

  async list(): Promise<string[]> {
    const entries = await this.coll
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return entries.map((entry) => entry._id);
  }
}
