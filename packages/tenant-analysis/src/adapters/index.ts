/** Every library adapter. Adding a library is adding its file and listing it here. */
import { bull } from "./bull.js";
import { bullmq } from "./bullmq.js";
import { ioredis } from "./ioredis.js";
import { mongodb } from "./mongodb.js";
import { mongoose } from "./mongoose.js";
import { nodeRedis } from "./node-redis.js";
import type { LibraryAdapter } from "./types.js";

export const adapters: readonly LibraryAdapter[] = [mongoose, mongodb, ioredis, nodeRedis, bull, bullmq];

export type { LibraryAdapter, TargetKind } from "./types.js";
