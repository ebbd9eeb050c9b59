import { randomUUID } from "node:crypto";
import pg from "pg";

/** The machine's PostgreSQL (trust auth); each run gets a database of its own inside it. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  /** Drops the run's database (closing any connection left to it). */
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file, so runs never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ra_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
