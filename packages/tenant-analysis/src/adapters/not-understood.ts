/**
 * Libraries a project may use for a checklist item that the analysis does not read yet. Their
 * calls are counted as unverified and named in the item, so an item is never `pass` or
 * `not-applicable` because its library went unseen. A module an adapter lists is understood
 * and drops out of this table by itself.
 */
import type { ChecklistItemId } from "../checklist.js";

export interface NotUnderstoodLibrary {
  readonly library: string;
  readonly item: ChecklistItemId;
  /** Import specifiers; a subpath (`drizzle-orm/pg-core`) matches its package. */
  readonly modules: readonly string[];
}

export const notUnderstoodLibraries: readonly NotUnderstoodLibrary[] = [
  { library: "Kysely", item: "db-queries", modules: ["kysely"] },
  { library: "Drizzle ORM", item: "db-queries", modules: ["drizzle-orm"] },
  { library: "TypeORM", item: "db-queries", modules: ["typeorm"] },
  { library: "Knex", item: "db-queries", modules: ["knex"] },
  { library: "Sequelize", item: "db-queries", modules: ["sequelize", "sequelize-typescript"] },
  {
    library: "MikroORM",
    item: "db-queries",
    modules: ["@mikro-orm/core", "@mikro-orm/postgresql", "@mikro-orm/mysql"],
  },
  { library: "Objection", item: "db-queries", modules: ["objection"] },
  { library: "node-postgres", item: "db-queries", modules: ["pg", "pg-pool"] },
  { library: "postgres.js", item: "db-queries", modules: ["postgres"] },
  { library: "mysql2", item: "db-queries", modules: ["mysql2", "mysql"] },
  { library: "ClickHouse", item: "db-queries", modules: ["@clickhouse/client", "@clickhouse/client-web"] },
  { library: "SQLite", item: "db-queries", modules: ["better-sqlite3", "sqlite3", "@libsql/client"] },
  // PlanetScale's `@planetscale/database` is MySQL (Vitess), not Postgres: read by adapters/planetscale/.
  { library: "serverless Postgres", item: "db-queries", modules: ["@neondatabase/serverless", "@vercel/postgres"] },
  { library: "Supabase", item: "db-queries", modules: ["@supabase/supabase-js"] },
  { library: "DynamoDB", item: "db-queries", modules: ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"] },
  { library: "Firestore", item: "db-queries", modules: ["@google-cloud/firestore", "firebase-admin/firestore"] },
  { library: "Agenda", item: "job-queues", modules: ["agenda", "@hokify/agenda"] },
  { library: "pg-boss", item: "job-queues", modules: ["pg-boss"] },
  { library: "Inngest", item: "job-queues", modules: ["inngest"] },
  { library: "Trigger.dev", item: "job-queues", modules: ["@trigger.dev/sdk", "@trigger.dev/sdk/v3"] },
  { library: "Bee-Queue", item: "job-queues", modules: ["bee-queue"] },
  { library: "graphile-worker", item: "job-queues", modules: ["graphile-worker"] },
  { library: "QStash", item: "job-queues", modules: ["@upstash/qstash"] },
  { library: "Amazon SQS", item: "job-queues", modules: ["@aws-sdk/client-sqs"] },
  { library: "Upstash Redis", item: "redis-keys", modules: ["@upstash/redis"] },
  { library: "Vercel KV", item: "redis-keys", modules: ["@vercel/kv"] },
  { library: "Valkey", item: "redis-keys", modules: ["iovalkey"] },
];
