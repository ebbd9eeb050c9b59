import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Campaign, HistoryEntry, Lead } from "../models.js";
import type { Store } from "../store.js";
import { PgCollection } from "./pg-collection.js";
import { PgTenantDirectory } from "./pg-tenant-directory.js";
import { callHistory, campaigns, leads } from "./schema.js";

/** The SQL migrations drizzle-kit generated from schema.ts (committed with the code). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../drizzle", import.meta.url));

// Any key of our own: API and worker processes starting together take turns migrating.
const MIGRATION_LOCK = 7_114_002;

export interface PgStoreOptions {
  databaseUrl: string;
  /** A connection or statement that takes longer fails, so a hung database answers 503. */
  timeoutMs: number;
}

/** PostgreSQL through Drizzle over `pg`; applies pending migrations before answering. */
export async function openPgStore(options: PgStoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 10,
    connectionTimeoutMillis: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    query_timeout: options.timeoutMs,
  });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  try {
    const db = drizzle(pool);
    const lock = await pool.connect();
    try {
      await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
      lock.release();
    }
    return {
      backend: "postgres",
      sharedAcrossProcesses: true,
      campaigns: new PgCollection<Campaign>(db, campaigns),
      leads: new PgCollection<Lead>(db, leads),
      history: new PgCollection<HistoryEntry>(db, callHistory),
      tenants: new PgTenantDirectory(db),
      async ping() {
        await pool.query("select 1");
      },
      close: () => pool.end(),
    };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
