import type { LibraryAdapter } from "../types.js";

/** The drivers `drizzle(…)` is imported from, one module each (`drizzle-orm/node-postgres`). */
const drivers = [
  "aws-data-api/pg",
  "better-sqlite3",
  "bun-sql",
  "bun-sqlite",
  "d1",
  "durable-sqlite",
  "expo-sqlite",
  "gel",
  "libsql",
  "libsql/http",
  "libsql/node",
  "libsql/sqlite3",
  "libsql/wasm",
  "libsql/web",
  "libsql/ws",
  "mysql-proxy",
  "mysql2",
  "neon-http",
  "neon-serverless",
  "netlify-db",
  "node-postgres",
  "op-sqlite",
  "pg-proxy",
  "pglite",
  "planetscale-serverless",
  "postgres-js",
  "singlestore",
  "singlestore-proxy",
  "sql-js",
  "sqlite-proxy",
  "tidb-serverless",
  "vercel-postgres",
  "xata-http",
];

/** The table and condition builders (`pgTable`, `eq`): understood, though they make no receiver. */
const builders = ["drizzle-orm", "drizzle-orm/pg-core", "drizzle-orm/mysql-core", "drizzle-orm/sqlite-core", "drizzle-orm/singlestore-core", "drizzle-orm/gel-core"];

/**
 * Drizzle ORM databases: what `drizzle(…)` of a driver module returns, the `tx` of
 * `db.transaction(async (tx) => …)`, and values typed as one of the drivers' database or
 * transaction classes. Their queries name tables (`db.select().from(notes)`), not members.
 */
export const drizzle: LibraryAdapter = {
  library: "drizzle",
  kind: "database",
  modules: [...builders, ...drivers.map((driver) => `drizzle-orm/${driver}`)],
  factories: ["drizzle"],
  callbackReceivers: ["transaction"],
  typeNames: [
    "AwsDataApiPgDatabase", "AwsDataApiTransaction", "BaseSQLiteDatabase", "BetterSQLite3Database", "BetterSQLiteTransaction",
    "BunSQLDatabase", "BunSQLTransaction", "BunSQLiteDatabase", "D1Transaction", "DrizzleD1Database", "DrizzleSqliteDODatabase",
    "ExpoSQLiteDatabase", "ExpoSQLiteTransaction", "GelDatabase", "GelDbTransaction", "GelJsDatabase", "GelTransaction",
    "LibSQLDatabase", "LibSQLTransaction", "MySql2Database", "MySql2Transaction", "MySqlDatabase", "MySqlProxyTransaction",
    "MySqlRemoteDatabase", "MySqlTransaction", "NeonDatabase", "NeonHttpDatabase", "NeonTransaction", "NetlifyDbDatabase",
    "NetlifyDbTransaction", "NodePgDatabase", "NodePgTransaction", "OPSQLiteDatabase", "OPSQLiteTransaction", "PgDatabase",
    "PgProxyTransaction", "PgRemoteDatabase", "PgTransaction", "PgliteDatabase", "PgliteTransaction", "PlanetScaleDatabase",
    "PlanetScaleTransaction", "PostgresJsDatabase", "PostgresJsTransaction", "PrismaMySqlDatabase", "PrismaPgDatabase",
    "SQLJsTransaction", "SQLiteBunTransaction", "SQLiteDOTransaction", "SQLiteProxyTransaction", "SQLiteTransaction",
    "SingleStoreDatabase", "SingleStoreDriverDatabase", "SingleStoreDriverTransaction", "SingleStoreProxyTransaction",
    "SingleStoreRemoteDatabase", "SingleStoreTransaction", "SqliteRemoteDatabase", "TiDBServerlessDatabase",
    "TiDBServerlessTransaction", "VercelPgDatabase", "VercelPgTransaction", "XataHttpDatabase", "XataTransaction",
  ],
};
