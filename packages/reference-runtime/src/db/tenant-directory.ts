/**
 * The tenants that ever queued work, kept in the store (not only in Redis), so a worker
 * process started after Redis lost its data still finds every tenant's queue. It is the
 * tenant registry itself, global on purpose: it holds tenant ids and nothing of a tenant's.
 */
export interface TenantDirectory {
  register(tenantId: string): Promise<void>;
  list(): Promise<string[]>;
}
