import { mkdir } from "node:fs/promises";
import { MongoClient } from "mongodb";
import type { StoreBackend } from "../config.js";
import type { Campaign, HistoryEntry, Lead } from "./models.js";
import { MongoCollection } from "./mongo-collection.js";
import { MongoTenantDirectory } from "./mongo-tenant-directory.js";
import { NedbCollection } from "./nedb-collection.js";
import { NedbTenantDirectory } from "./nedb-tenant-directory.js";
import { openPgStore } from "./postgres/open-pg-store.js";
import type { Store } from "./store.js";

export interface StoreOptions {
  backend: StoreBackend;
  databaseUrl: string | undefined;
  mongodbUri: string | undefined;
  mongodbDb: string;
  /** null: nedb in memory (tests). */
  dataDir: string | null;
  /** How long a database call may take before it fails (PostgreSQL; MongoDB's server selection). */
  timeoutMs: number;
}

/** PostgreSQL or MongoDB when configured; otherwise the embedded nedb store, so it runs with nothing installed. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.backend === "postgres") {
    if (!options.databaseUrl) throw new Error("the postgres store needs DATABASE_URL");
    return openPgStore({ databaseUrl: options.databaseUrl, timeoutMs: options.timeoutMs });
  }
  if (options.backend === "mongodb") {
    if (!options.mongodbUri) throw new Error("the mongodb store needs MONGODB_URI");
    const client = new MongoClient(options.mongodbUri, { serverSelectionTimeoutMS: options.timeoutMs });
    await client.connect();
    const db = client.db(options.mongodbDb);
    return {
      backend: "mongodb",
      sharedAcrossProcesses: true,
      campaigns: await MongoCollection.open<Campaign>(db, "campaigns"),
      leads: await MongoCollection.open<Lead>(db, "leads"),
      history: await MongoCollection.open<HistoryEntry>(db, "callHistory"),
      tenants: MongoTenantDirectory.open(db),
      async ping() {
        await db.command({ ping: 1 });
      },
      close: () => client.close(),
    };
  }
  if (options.dataDir !== null) await mkdir(options.dataDir, { recursive: true });
  return {
    backend: "nedb",
    sharedAcrossProcesses: false,
    campaigns: await NedbCollection.open<Campaign>("campaigns", options.dataDir),
    leads: await NedbCollection.open<Lead>("leads", options.dataDir),
    history: await NedbCollection.open<HistoryEntry>("call-history", options.dataDir),
    tenants: await NedbTenantDirectory.open(options.dataDir),
    ping: async () => {},
    close: async () => {},
  };
}
