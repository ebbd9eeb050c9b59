import { mkdir } from "node:fs/promises";
import { MongoClient } from "mongodb";
import type { TenantCollection } from "./collection.js";
import type { Campaign, HistoryEntry } from "./models.js";
import { MongoCollection } from "./mongo-collection.js";
import { NedbCollection } from "./nedb-collection.js";

export interface Store {
  backend: "nedb" | "mongodb";
  campaigns: TenantCollection<Campaign>;
  history: TenantCollection<HistoryEntry>;
  close(): Promise<void>;
}

export interface StoreOptions {
  mongodbUri: string | undefined;
  mongodbDb: string;
  /** null: nedb in memory (tests). */
  dataDir: string | null;
}

/** MongoDB when MONGODB_URI is set; otherwise the embedded nedb store, so it runs with nothing installed. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.mongodbUri) {
    const client = new MongoClient(options.mongodbUri);
    await client.connect();
    const db = client.db(options.mongodbDb);
    return {
      backend: "mongodb",
      campaigns: await MongoCollection.open<Campaign>(db, "campaigns"),
      history: await MongoCollection.open<HistoryEntry>(db, "callHistory"),
      close: () => client.close(),
    };
  }
  if (options.dataDir !== null) await mkdir(options.dataDir, { recursive: true });
  return {
    backend: "nedb",
    campaigns: await NedbCollection.open<Campaign>("campaigns", options.dataDir),
    history: await NedbCollection.open<HistoryEntry>("call-history", options.dataDir),
    close: async () => {},
  };
}
