// In-house wrappers around collections, imported by typed test cases that configure
// `receivers`: a BaseRepository class and a TenantCollection interface.
export interface TenantCollection<T> {
  find(filter: Partial<T>): Promise<T[]>;
  findOne(filter: Partial<T>): Promise<T | null>;
  insertOne(document: T): Promise<void>;
}

export class BaseRepository<T extends object> {
  constructor(protected readonly items: T[] = []) {}
  async find(filter: Partial<T>): Promise<T[]> {
    return this.items.filter((item) => Object.entries(filter).every(([key, value]) => item[key as keyof T] === value));
  }
  async insertOne(document: T): Promise<void> {
    this.items.push(document);
  }
}

export class CampaignRepository extends BaseRepository<{ tenantId: string; name: string }> {}

export const campaignRepository = new CampaignRepository();

export declare const auditEvents: TenantCollection<{ tenantId: string; type: string }>;
