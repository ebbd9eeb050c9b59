// Redis clients declared here, imported by typed test cases.
import { Redis } from "ioredis";
import { createClient } from "redis";

export const redis = new Redis();
export const nodeRedis = createClient();
