import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FairGlobalBucket } from "../src/llm/fair-global-bucket.js";
import { deleteKeys } from "./helpers/test-app.js";
import { REDIS_URL } from "./helpers/test-config.js";

// 60,000 tokens an hour: it refills by about 17 tokens a second, slowly enough for the
// assertions below to see the levels as they were set.
const CAPACITY = 60_000;
const WINDOW_MS = 3_600_000;
const RESERVE = 6_000;

describe("the fair global token bucket", () => {
  const redis = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  let bucket: FairGlobalBucket;

  beforeEach(() => {
    const prefix = `ra-test-${randomUUID().slice(0, 8)}`;
    prefixes.push(prefix);
    bucket = new FairGlobalBucket(redis, {
      prefix,
      capacity: CAPACITY,
      windowMs: WINDOW_MS,
      reserve: RESERVE,
      activeMs: 10_000,
    });
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeys(prefix);
    await redis.quit();
  });

  /** Takes `points` at a time until refused; the tokens the tenant got. */
  const takeAll = async (tenantId: string, points: number): Promise<number> => {
    let taken = 0;
    while ((await bucket.take(tenantId, points)) === 0) taken += points;
    return taken;
  };

  it("lets a tenant alone use all but the reserve", async () => {
    expect(await takeAll("a", 1_000)).toBe(CAPACITY - RESERVE);
  });

  it("lets a newcomer in at once while a burst holds the bucket, and holds the burst to what others are not owed", async () => {
    expect(await takeAll("a", 1_000)).toBe(CAPACITY - RESERVE);
    // B's first call fits in the reserve: no waiting behind A.
    expect(await bucket.take("b", 1_000)).toBe(0);
    // A is past its share (27,000 of 54,000 with two active) and must leave room for B and a
    // newcomer (6,000 each): refused, with a wait.
    expect(await bucket.take("a", 1_000)).toBeGreaterThan(0);
    // B keeps getting tokens while within its share (the bucket's ceiling permitting).
    expect(await bucket.take("b", 4_000)).toBe(0);
    expect(await bucket.take("b", 2_000)).toBeGreaterThan(0); // past the bucket's own ceiling
  });

  it("divides the bucket equally between tenants that all burst", async () => {
    const got = { a: 0, b: 0, c: 0 };
    // Interleaved like concurrent callers: each asks in turn until everyone is refused.
    for (let progress = true; progress;) {
      progress = false;
      for (const tenantId of ["a", "b", "c"] as const) {
        if ((await bucket.take(tenantId, 500)) === 0) {
          got[tenantId] += 500;
          progress = true;
        }
      }
    }
    // Each gets its share of the bucket less the reserve; none gets more than one call's worth over.
    const share = (CAPACITY - RESERVE) / 3;
    for (const tokens of Object.values(got)) {
      expect(tokens).toBeGreaterThanOrEqual(share - 500);
      expect(tokens).toBeLessThanOrEqual(share + 500);
    }
  });

  it("with no reserve, is first come, first served", async () => {
    const fcfs = new FairGlobalBucket(redis, {
      prefix: `${prefixes.at(-1)}-fcfs`,
      capacity: CAPACITY,
      windowMs: WINDOW_MS,
      reserve: 0,
      activeMs: 10_000,
    });
    prefixes.push(`${prefixes.at(-1)}-fcfs`);
    let taken = 0;
    while ((await fcfs.take("a", 1_000)) === 0) taken += 1_000;
    expect(taken).toBe(CAPACITY);
    expect(await fcfs.take("b", 1_000)).toBeGreaterThan(0);
  });

  it("takes back what a call gave back", async () => {
    expect(await takeAll("a", 1_000)).toBe(CAPACITY - RESERVE);
    await bucket.give("a", 3_000);
    expect(await takeAll("a", 1_000)).toBe(3_000);
  });
});
