/** Every library adapter. Adding a library is adding its file and listing it here. */
import { agenda } from "./agenda.js";
import { anthropic } from "./anthropic.js";
import { bull } from "./bull.js";
import { bullmq } from "./bullmq.js";
import { bullmqFlows } from "./bullmq-flows.js";
import { bunyan } from "./bunyan.js";
import { clickhouse } from "./clickhouse/index.js";
import { consoleLogger } from "./console.js";
import { drizzle } from "./drizzle/index.js";
import { fastify } from "./fastify.js";
import { inngest } from "./inngest.js";
import { ioredis } from "./ioredis.js";
import { kysely } from "./kysely/index.js";
import { mongodb } from "./mongodb/index.js";
import { mongoose } from "./mongoose/index.js";
import { mysql2 } from "./mysql2/index.js";
import { nodeRedis } from "./node-redis.js";
import { openai } from "./openai.js";
import { pg } from "./pg/index.js";
import { pgBoss } from "./pg-boss.js";
import { planetscale } from "./planetscale/index.js";
import { pino } from "./pino.js";
import { postgresJs } from "./postgres-js/index.js";
import { prisma } from "./prisma/index.js";
import { triggerDevBatch, triggerDevTask, triggerDevTasks } from "./trigger-dev.js";
import { typeorm } from "./typeorm/index.js";
import type { LibraryAdapter } from "./types.js";
import { upstashRedis } from "./upstash-redis.js";
import { vercelAi } from "./vercel-ai.js";
import { winston } from "./winston.js";

export const adapters: readonly LibraryAdapter[] = [
  mongoose,
  mongodb,
  prisma,
  drizzle,
  // Raw SQL clients.
  pg,
  postgresJs,
  mysql2,
  planetscale,
  clickhouse,
  typeorm,
  kysely,
  ioredis,
  nodeRedis,
  upstashRedis,
  // Queues (require-tenant-job-data). Adapters sharing a module are told apart by the export used.
  bull,
  bullmq,
  bullmqFlows,
  agenda,
  pgBoss,
  inngest,
  triggerDevTasks,
  triggerDevTask,
  triggerDevBatch,
  // Loggers (require-tenant-log-context).
  pino,
  winston,
  bunyan,
  fastify,
  consoleLogger,
  // LLM clients (require-llm-rate-limit).
  openai,
  anthropic,
  vercelAi,
];

export type { JobPayload, LibraryAdapter, TargetKind } from "./types.js";
