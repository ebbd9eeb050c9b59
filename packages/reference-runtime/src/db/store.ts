import type { StoreBackend } from "../config.js";
import type { TenantCollection } from "./collection.js";
import type { Campaign, HistoryEntry, Lead } from "./models.js";
import type { TenantDirectory } from "./tenant-directory.js";

/** The tenant data every route and job reads and writes, whichever database holds it. */
export interface Store {
  backend: StoreBackend;
  /** False for the embedded store: another process would see its own copy (no split mode). */
  sharedAcrossProcesses: boolean;
  campaigns: TenantCollection<Campaign>;
  leads: TenantCollection<Lead>;
  history: TenantCollection<HistoryEntry>;
  tenants: TenantDirectory;
  /** Resolves when the database answers (readiness), rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
