/** The CLI over the real detection core (no stand-ins): what users get. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../src/audit.js";
import { fixturesDir, tempRepo } from "./helpers/temp-repo.js";

describe("with the core's checks", () => {
  it("flags an unscoped query on a tenant-owned Mongoose model and passes the scoped one", async () => {
    const report = await audit({ cwd: join(fixturesDir, "mongoose-app") });
    expect(
      report.findings.map(({ ruleId, file, line, column, severity }) => ({ ruleId, file, line, column, severity })),
    ).toEqual([
      { ruleId: "tenant/require-tenant-filter", file: "src/campaigns.ts", line: 5, column: 26, severity: "error" },
    ]);
    expect(report.checklist[0]).toMatchObject({ id: "db-queries", status: "fail", findings: 1 });
    expect(report.checklist[0]?.checked).toBeGreaterThanOrEqual(2);
    expect(report.summary.passed).toBe(false);
  });
});

describe("queues and Redis across files, with the core's checks", () => {
  // No tsconfig and no node_modules: the CLI still builds one program over the files it finds,
  // and follows imports and re-exports through it.
  const files = {
    "src/keys/builders.ts": [
      "export const statsKey = (day: string): string => `stats:${day}`;",
      "export const sessionKey = (tenantId: string, id: string): string => `${tenantId}:session:${id}`;",
      // Two builders that only call each other: followed a bounded way, never around the cycle.
      'import { pingKey } from "./index.js";',
      "export const pongKey = (n: string): string => pingKey(n);",
      "",
    ].join("\n"),
    "src/keys/loop.ts": [
      'import { pongKey } from "./index.js";',
      "export const pingKey = (n: string): string => pongKey(n);",
      "",
    ].join("\n"),
    "src/keys/index.ts": [
      'export * from "./builders.js";',
      'export * from "./loop.js";',
      'export { cache } from "../clients.js";',
      "",
    ].join("\n"),
    "src/clients.ts": [
      'import { Redis } from "@upstash/redis";',
      'export const cache = new Redis({ url: "https://example.upstash.io", token: "t" });',
      "",
    ].join("\n"),
    "src/app.ts": [
      'import { cache, pingKey, sessionKey, statsKey } from "./keys/index.js";',
      "export const session = (tenantId: string, id: string) => cache.get(sessionKey(tenantId, id));",
      "export const stats = (day: string) => cache.get(statsKey(day));",
      "export const ping = (n: string) => cache.get(pingKey(n));",
      "",
    ].join("\n"),
    "src/jobs.ts": [
      'import PgBoss from "pg-boss";',
      'import { Agenda } from "agenda";',
      'const boss = new PgBoss("postgres://localhost/app");',
      "const agenda = new Agenda({ backend: undefined as never });",
      'agenda.define("export", async () => undefined);',
      'export const render = (tenantId: string, id: string) => boss.send("render", { tenantId, id });',
      'export const exportNow = (id: string) => agenda.now("export", { id });',
      "",
    ].join("\n"),
  };

  it("follows builders and clients through re-exports, and checks Agenda and pg-boss jobs", async () => {
    const report = await audit({ cwd: tempRepo(files) });
    expect(report.findings.map(({ ruleId, file, line, column }) => ({ ruleId, file, line, column }))).toEqual([
      { ruleId: "tenant/require-tenant-redis-key", file: "src/app.ts", line: 3, column: 39 },
      { ruleId: "tenant/require-tenant-job-data", file: "src/jobs.ts", line: 7, column: 42 },
    ]);
    const item = (id: string) => report.checklist.find((candidate) => candidate.id === id);
    // The cyclic builder cannot be decided: counted, not reported.
    expect(item("redis-keys")).toMatchObject({ status: "fail", checked: 3, unverified: 1, findings: 1 });
    // `define` declares a job type and is not counted.
    expect(item("job-queues")).toMatchObject({ status: "fail", checked: 2, unverified: 0, findings: 1 });
    // Every site that could not be decided says where and why, whichever rule counted it.
    expect(report.unverifiedSites).toEqual([
      {
        file: "src/app.ts",
        line: 4,
        column: 36,
        ruleId: "tenant/require-tenant-redis-key",
        reason: "its key is built from a value that could not be followed",
      },
    ]);
  });
});

describe("reasons for undecided sites of every rule", () => {
  it("lists undecided sites of the non-database rules with a one-line reason each", async () => {
    const files = {
      "src/handlers.ts": [
        "type Deps = { store: any; jobs: any };",
        // Named like Redis and queue commands, on receivers of unknown type: counted, never reported.
        "export const read = (deps: Deps, key: string) => deps.store.hgetall(key);",
        "export const enqueue = (deps: Deps, jobs: unknown[]) => deps.jobs.addBulk(jobs);",
        "",
      ].join("\n"),
    };
    const report = await audit({ cwd: tempRepo(files) });
    expect(report.findings).toEqual([]);
    expect(report.unverifiedSites.map(({ file, line, ruleId, reason }) => ({ file, line, ruleId, reason }))).toEqual([
      {
        file: "src/handlers.ts",
        line: 2,
        ruleId: "tenant/require-tenant-redis-key",
        reason: "a Redis-like command on a receiver not known to be Redis",
      },
      {
        file: "src/handlers.ts",
        line: 3,
        ruleId: "tenant/require-tenant-job-data",
        reason: "a queue-like call on a receiver not known to be a queue",
      },
    ]);
    // The counts and the listed sites agree: no undecided site goes without its reason.
    const unverified = report.checklist.reduce((total, item) => total + item.unverified, 0);
    expect(report.unverifiedSites).toHaveLength(unverified);
  });
});

describe("whole-program summaries in the CLI", () => {
  // A helper in one file, its callers in others: only the whole program shows who reaches it.
  const helper = [
    "export function summarise(tenantId: string): void {",
    "  console.log(`summarised at ${Date.now()}`);",
    "}",
    "",
  ].join("\n");
  const script = ['import { summarise } from "../src/lib/summary.js";', 'summarise("t1");', ""].join("\n");

  it("leaves a helper reached only from a script unchecked, across files", async () => {
    const report = await audit({ cwd: tempRepo({ "src/lib/summary.ts": helper, "scripts/backfill.ts": script }) });
    expect(report.findings).toEqual([]);
  });

  it("checks the same helper once a request handler in another file reaches it", async () => {
    const route = [
      'import express from "express";',
      'import { summarise } from "./lib/summary.js";',
      "export const app = express();",
      'app.get("/summary", (req, res) => {',
      "  summarise(String(req.headers.tenant));",
      "  res.end();",
      "});",
      "",
    ].join("\n");
    const report = await audit({
      cwd: tempRepo({ "src/lib/summary.ts": helper, "scripts/backfill.ts": script, "src/routes.ts": route }),
    });
    expect(report.findings.map(({ ruleId, file, line }) => ({ ruleId, file, line }))).toEqual([
      { ruleId: "tenant/require-tenant-log-context", file: "src/lib/summary.ts", line: 2 },
    ]);
  });
});

describe("Prisma helpers authorised by their callers in other files, with the core's checks", () => {
  // The helpers look rows up by the id they are handed; whether that is safe depends on what
  // every caller did first, in another file.
  const files = {
    "prisma/schema.prisma": [
      "model Organization {",
      "  id        String     @id",
      "  campaigns Campaign[]",
      "}",
      "model Campaign {",
      "  id           String       @id",
      "  tenantId     String",
      "  organization Organization @relation(fields: [tenantId], references: [id])",
      "  name         String",
      "}",
      "",
    ].join("\n"),
    "src/db.ts": [
      'import { PrismaClient } from "@prisma/client";',
      "export const prisma = new PrismaClient();",
      "",
    ].join("\n"),
    "src/access.ts": [
      'import { prisma } from "./db.js";',
      "export async function assertCampaignAccess({ userId, campaignId }: { userId: string; campaignId: string }) {",
      "  const grant = await prisma.grant.findFirst({ where: { userId, campaignId } });",
      '  if (!grant) throw new Error("forbidden");',
      "}",
      "",
    ].join("\n"),
    "src/data/campaigns.ts": [
      'import { prisma } from "../db.js";',
      "export const renameCampaign = (campaignId: string, name: string) =>",
      "  prisma.campaign.update({ where: { id: campaignId }, data: { name } });",
      "export async function removeCampaign({ campaignId }: { campaignId: string }) {",
      "  await prisma.campaign.delete({ where: { id: campaignId } });",
      "}",
      "export const readCampaign = (id: string) => prisma.campaign.findUnique({ where: { id } });",
      "export const unusedLookup = (id: string) => prisma.campaign.findUnique({ where: { id } });",
      "",
    ].join("\n"),
    "src/data/index.ts": ['export * from "./campaigns.js";', ""].join("\n"),
    "src/service.ts": [
      'import { assertCampaignAccess } from "./access.js";',
      'import { prisma } from "./db.js";',
      'import { readCampaign, removeCampaign, renameCampaign } from "./data/index.js";',
      "export async function rename(user: { id: string }, campaignId: string, name: string) {",
      "  await assertCampaignAccess({ userId: user.id, campaignId });",
      "  return renameCampaign(campaignId, name);",
      "}",
      "export async function remove(tenantId: string, id: string) {",
      "  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId } });",
      '  if (!campaign) throw new Error("not found");',
      "  await removeCampaign({ campaignId: campaign.id });",
      "}",
      "export const show = (tenantId: string, id: string) => readCampaign(id);",
      "",
    ].join("\n"),
  };

  it("counts a helper every caller authorises as checked, and keeps the others", async () => {
    const report = await audit({ cwd: tempRepo(files) });
    expect(
      report.findings
        .filter((finding) => finding.ruleId === "tenant/require-tenant-filter")
        .map(({ file, line, column }) => ({ file, line, column })),
    ).toEqual([
      // `show` passes the client's id unchecked.
      { file: "src/data/campaigns.ts", line: 7, column: 45 },
      // No caller the analysis sees: judged alone, as before.
      { file: "src/data/campaigns.ts", line: 8, column: 45 },
    ]);
    const reasons = report.unverifiedSites.map((site) => `${site.file}:${site.line}`);
    expect(reasons).not.toContain("src/data/campaigns.ts:3");
    expect(reasons).not.toContain("src/data/campaigns.ts:5");
  });
});

describe("callers in another package of the workspace, with the core's checks", () => {
  // No dependencies installed: `@acme/data/campaigns` is placed by the package's own name.
  const files = {
    "package.json": JSON.stringify({ name: "root", private: true }),
    "prisma/schema.prisma": [
      "model Organization {",
      "  id        String     @id",
      "  campaigns Campaign[]",
      "}",
      "model Campaign {",
      "  id           String       @id",
      "  tenantId     String",
      "  organization Organization @relation(fields: [tenantId], references: [id])",
      "  name         String",
      "}",
      "",
    ].join("\n"),
    "packages/data/package.json": JSON.stringify({ name: "@acme/data" }),
    "packages/data/campaigns.ts": [
      'import { PrismaClient } from "@prisma/client";',
      "export const prisma = new PrismaClient();",
      "export const removeCampaign = (id: string) => prisma.campaign.delete({ where: { id } });",
      "",
    ].join("\n"),
    "apps/api/package.json": JSON.stringify({ name: "@acme/api" }),
    "apps/api/service.ts": [
      'import { prisma, removeCampaign } from "@acme/data/campaigns";',
      "export async function remove(tenantId: string, id: string) {",
      "  const campaign = await prisma.campaign.findFirstOrThrow({ where: { id, tenantId } });",
      "  return removeCampaign(campaign.id);",
      "}",
      "",
    ].join("\n"),
  };

  it("follows the import to the helper and counts its lookup as checked", async () => {
    const report = await audit({ cwd: tempRepo(files) });
    expect(report.findings.filter((finding) => finding.ruleId === "tenant/require-tenant-filter")).toEqual([]);
    expect(report.checklist.find((item) => item.id === "db-queries")).toMatchObject({ checked: 2, unverified: 0 });
  });

  it("keeps the finding when the caller passes an id it did not check", async () => {
    const report = await audit({
      cwd: tempRepo({
        ...files,
        "apps/api/service.ts": [
          'import { removeCampaign } from "@acme/data/campaigns";',
          "export const remove = (id: string) => removeCampaign(id);",
          "",
        ].join("\n"),
      }),
    });
    expect(
      report.findings
        .filter((finding) => finding.ruleId === "tenant/require-tenant-filter")
        .map(({ file, line }) => `${file}:${line}`),
    ).toEqual(["packages/data/campaigns.ts:3"]);
  });
});
