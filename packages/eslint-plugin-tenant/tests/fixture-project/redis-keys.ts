// Key builders and an Upstash client declared here, re-exported by ./redis-index.ts.
import { Redis } from "@upstash/redis";

export const upstash = new Redis({ url: "https://example.upstash.io", token: "t" });
export const statsKey = (day: string): string => `stats:${day}`;
export const sessionKey = (tenantId: string, id: string): string => `${tenantId}:session:${id}`;
