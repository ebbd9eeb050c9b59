/**
 * Generates a realistic multi-tenant service for the lint benchmark: Express handlers over
 * Mongoose models and driver collections, ioredis caching, Bull and BullMQ jobs, pino logs,
 * OpenAI calls, plus the ordinary code around them (arrays, Maps, lodash, dayjs). Mostly
 * scoped, a few unscoped sites, as real code is. Deterministic: the same `count` gives the
 * same files.
 */

const shared = `import mongoose, { Schema } from "mongoose";
import { MongoClient } from "mongodb";
import { Redis } from "ioredis";
import { pino } from "pino";

export const logger = pino();
export const redis = new Redis();
export const db = new MongoClient("mongodb://127.0.0.1:27017").db("app");
export const Campaign = mongoose.model("Campaign", new Schema({ tenantId: String, name: String, status: String, budget: Number }));
export const Lead = mongoose.model("Lead", new Schema({ tenantId: String, email: String, campaignId: String, score: Number }));

export const tenantQuery = <T extends object>(tenantId: string, filter: T) => ({ tenantId, ...filter });
export const tenantKey = (tenantId: string, ...parts: string[]) => [\`t:\${tenantId}\`, ...parts].join(":");
`;

function module(index: number): string {
  const n = index;
  return `import Bull from "bull";
import { Queue } from "bullmq";
import OpenAI from "openai";
import type { Request, Response } from "express";
import _ from "lodash";
import dayjs from "dayjs";
import { Campaign, Lead, db, logger, redis, tenantKey, tenantQuery } from "./shared.js";

interface AuthedRequest${n} extends Request {
  tenantId: string;
  user: { id: string; tenantId: string; roles: string[] };
}

const openai${n} = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? "" });
const emails${n} = new Bull<{ tenantId: string; leadId: string }>("emails-${n}");
const scoring${n} = new Queue("scoring-${n}", { connection: { host: "127.0.0.1" } });
const events${n} = db.collection<{ tenantId: string; type: string; at: Date }>("events${n}");
const seen${n} = new Map<string, number>();
const allowedStatuses${n} = ["draft", "active", "paused"];

function normalise${n}(name: string): string {
  return name.trim().toLowerCase().replace(/\\s+/g, "-");
}

function rank${n}(rows: { score: number; email: string }[]): string[] {
  return _.sortBy(rows, (row) => -row.score)
    .filter((row) => row.score > ${n % 7})
    .map((row) => row.email);
}

export async function listCampaigns${n}(req: AuthedRequest${n}, res: Response) {
  const { tenantId } = req;
  const status = allowedStatuses${n}.includes(String(req.query.status)) ? String(req.query.status) : "active";
  const campaigns = await Campaign.find({ tenantId, status }).sort({ createdAt: -1 }).limit(50);
  logger.info({ tenantId, count: campaigns.length }, "listed campaigns");
  res.json(campaigns.map((campaign) => ({ id: campaign.id, name: campaign.name })));
}

export async function getCampaign${n}(req: AuthedRequest${n}, res: Response) {
  const campaign = await Campaign.findOne(tenantQuery(req.tenantId, { _id: req.params.id }));
  if (!campaign) {
    res.status(404).end();
    return;
  }
  const cacheKey = tenantKey(req.tenantId, "campaign", String(campaign.id));
  await redis.set(cacheKey, JSON.stringify(campaign), "EX", 60);
  res.json(campaign);
}

export async function createCampaign${n}(req: AuthedRequest${n}, res: Response) {
  const name = normalise${n}(String(req.body.name ?? "untitled"));
  const campaign = await Campaign.create({ tenantId: req.tenantId, name, status: "draft", budget: 0 });
  await events${n}.insertOne({ tenantId: req.tenantId, type: "campaign.created", at: new Date() });
  logger.info({ tenantId: req.tenantId, campaignId: campaign.id }, "campaign created");
  res.status(201).json(campaign);
}

export async function importLeads${n}(req: AuthedRequest${n}, res: Response) {
  const rows: { email: string; score: number }[] = Array.isArray(req.body.leads) ? req.body.leads : [];
  const unique = _.uniqBy(rows, (row) => row.email.toLowerCase());
  const docs = unique.map((row) => ({ tenantId: req.tenantId, email: row.email, campaignId: req.params.id, score: row.score }));
  await Lead.insertMany(docs);
  for (const lead of docs) {
    seen${n}.set(lead.email, (seen${n}.get(lead.email) ?? 0) + 1);
    await emails${n}.add({ tenantId: req.tenantId, leadId: lead.email });
  }
  await scoring${n}.add("score", { tenantId: req.tenantId, campaignId: req.params.id });
  res.json({ imported: docs.length, top: rank${n}(unique).slice(0, 5) });
}

export async function summarise${n}(req: AuthedRequest${n}, res: Response) {
  const leads = await Lead.find({ tenantId: req.tenantId, campaignId: req.params.id }).lean();
  const lines = leads.map((lead) => \`\${lead.email}: \${lead.score}\`).join("\\n");
  const completion = await openai${n}.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: \`Summarise these leads:\\n\${lines}\` }],
  });
  const since = dayjs().subtract(${(n % 30) + 1}, "day").add(1, "hour").toDate();
  const recent = await events${n}.countDocuments({ tenantId: req.tenantId, at: { $gte: since } });
  res.json({ summary: completion.choices[0]?.message.content ?? "", recent });
}

export async function nightlyStats${n}() {
  // Unscoped on purpose: a report across all tenants, the kind of site the rules flag.
  const total = await Campaign.countDocuments({ status: "active" });
  await redis.set("stats:campaigns:${n}", String(total));
  logger.info({ total }, "nightly stats");
  return total;
}
`;
}

export interface GeneratedFile {
  readonly name: string;
  readonly text: string;
}

export function generateService(count: number): GeneratedFile[] {
  return [
    { name: "shared.ts", text: shared },
    ...Array.from({ length: count }, (_, index) => ({ name: `module-${index}.ts`, text: module(index) })),
  ];
}
