import rule from "../../src/rules/require-tenant-job-data.js";
import { ruleTester, typedRuleTester } from "../rule-tester.js";

// Two lines make a BullMQ queue; each case's own code starts on line 3.
const bullmq = `import { Queue, Worker } from "bullmq";
const emails = new Queue("emails");
`;
const withQueue = (body: string): string => bullmq + body;

// Two lines make a Bull queue.
const bull = `import Bull from "bull";
const legacy = new Bull("legacy");
`;
const withBull = (body: string): string => bull + body;

// The seed's queue-per-tenant pattern: a Bull queue made lazily and kept in a cache object.
const seedQueues = `import Bull from "bull";
const redisConfig = { host: "127.0.0.1", port: 6379 };
const queueCache: Record<string, Bull.Queue> = {};
async function processCampaignJob(job: Bull.Job) {
  return job.data;
}
function getCampaignQueue(tenantId: string) {
  const queueKey = \`campaign:\${tenantId}\`;
  if (!queueCache[queueKey]) {
    queueCache[queueKey] = new Bull(queueKey, { redis: redisConfig });
    queueCache[queueKey].process(10, processCampaignJob);
  }
  return queueCache[queueKey];
}
`;

// A BullMQ queue per tenant kept in a Map, reusing the variable read from it.
const mapQueues = `import { Queue } from "bullmq";
const queues = new Map<string, Queue>();
function importQueue(tenantId: string): Queue {
  let queue = queues.get(tenantId);
  if (!queue) {
    queue = new Queue(\`imports:\${tenantId}\`);
    queues.set(tenantId, queue);
  }
  return queue;
}
`;

/** The 1-based line and column where `snippet` starts in `code` (the call a finding points at). */
function at(code: string, snippet: string): { line: number; column: number } {
  const index = code.indexOf(snippet);
  if (index < 0) throw new Error(`"${snippet}" is not in the test code`);
  const before = code.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** An invalid case: one finding at `call`; `fix` is [the data as written, the suggested data], when a suggestion exists. */
function missing(code: string, call: string, fix?: [string, string], settings?: Record<string, unknown>) {
  const start = code.indexOf(call);
  const suggestions = fix
    ? [
        {
          messageId: "addTenantToJobData" as const,
          output: code.slice(0, start) + code.slice(start).replace(fix[0], fix[1]),
        },
      ]
    : [];
  return {
    code,
    ...(settings ? { settings: { tenant: settings } } : {}),
    errors: [{ messageId: "missingTenantInJobData" as const, ...at(code, call), suggestions }],
  };
}

ruleTester.run("require-tenant-job-data", rule, {
  valid: [
    // Sets: `add` stores a value in memory.
    withQueue(`const seen = new Set<string>();\nseen.add("job-1");`),
    // dayjs: `add` moves a date.
    withQueue(`import dayjs from "dayjs";\nexport const later = () => dayjs().add(1, "day");`),
    // classList: `add` sets a CSS class.
    withQueue(
      `export const show = (el: HTMLElement) => el.classList.add("visible");\ndocument.body.classList.add("ready");`,
    ),
    // p-queue and fastq: in-process task queues; their jobs are functions run in this process.
    withQueue(
      `import PQueue from "p-queue";\nconst work = new PQueue({ concurrency: 2 });\nexport const run = () => work.add(() => fetch("/x"));`,
    ),
    withQueue(
      `import fastq from "fastq";\nconst q = fastq.promise(async (n: number) => n * 2, 1);\nexport const run = () => q.push(1);`,
    ),
    // An array named queue.
    withQueue(`const queue: { id: string }[] = [];\nqueue.push({ id: "1" });`),
    // Maps, URLSearchParams, Headers and in-process caches: no jobs at all.
    withQueue(
      `const byId = new Map<string, object>();\nbyId.set("a", { leadId: "1" });\nexport const page = (q: string) => new URLSearchParams(q).get("page");\nexport const auth = (h: Headers) => h.get("authorization");`,
    ),
    withQueue(
      `import { LRUCache } from "lru-cache";\nimport NodeCache from "node-cache";\nimport Keyv from "keyv";\nconst lru = new LRUCache<string, object>({ max: 10 });\nlru.set("a", { leadId: "1" });\nnew NodeCache().set("a", 1);\nexport const v = () => new Keyv().get("a");`,
    ),
    // A user's own `queue.add(x)` of unknown type: undecidable, never reported.
    withQueue(`export const enqueue = (queue: any, x: object) => queue.add(x);`),
    withQueue(`import { queue } from "./my-queue.js";\nexport const enqueue = () => queue.add({ leadId: "1" });`),
    // BullMQ add(name, data) with the tenant.
    withQueue(`export const send = (tenantId: string, to: string) => emails.add("send", { tenantId, to });`),
    withQueue(
      `export const send = (req: { user: { tenantId: string } }, to: string) => emails.add("send", { to, tenantId: req.user.tenantId }, { attempts: 3 });`,
    ),
    // Bull add(data), add(data, opts) and add(name, data, opts) with the tenant.
    withBull(`export const send = (tenantId: string) => legacy.add({ tenantId, to: "x" });`),
    withBull(`export const send = (tenantId: string) => legacy.add({ tenantId }, { delay: 1000 });`),
    withBull(`export const send = (tenantId: string) => legacy.add("welcome", { tenantId }, { attempts: 2 });`),
    // addBulk with the tenant in every job's data.
    withQueue(
      `export const many = (tenantId: string) => emails.addBulk([\n  { name: "a", data: { tenantId, to: "a" } },\n  { name: "b", data: { tenantId, to: "b" } },\n]);`,
    ),
    withQueue(
      `export const many = (tenantId: string, rows: { to: string }[]) => emails.addBulk(rows.map((row) => ({ name: "send", data: { to: row.to, tenantId } })));`,
    ),
    // A queue whose name matches globalKeys is global on purpose.
    // NestJS: the queue's name is in the decorator that injects it.
    {
      code: `import { Queue } from "bullmq";\ndeclare function InjectQueue(name: string): ParameterDecorator;\nexport class Maintenance {\n  constructor(@InjectQueue("maintenance") private readonly queue: Queue) {}\n  purge() {\n    return this.queue.add("purge", {});\n  }\n}`,
      settings: { tenant: { globalKeys: ["^maintenance$"] } },
    },
    {
      code: withQueue(
        `const maintenance = new Queue("maintenance");\nexport const vacuum = () => maintenance.add("vacuum", {});`,
      ),
      settings: { tenant: { globalKeys: ["^maintenance$"] } },
    },
    {
      code: withBull(
        `const cron = new Bull(\`cron:\${process.env.NODE_ENV}\`);\nexport const tick = () => cron.add({ at: Date.now() });`,
      ),
      settings: { tenant: { globalKeys: ["^cron:"] } },
    },
    // The seed's per-tenant Bull queue, with the tenant in the job data.
    seedQueues +
      `export async function startCampaign(tenantId: string, campaignId: string, leadId: string) {\n  const queue = getCampaignQueue(tenantId);\n  await queue.add({ leadId, campaignId, tenantId });\n}`,
    seedQueues +
      `export const start = (tenantId: string, campaignId: string, leadId: string) => getCampaignQueue(tenantId).add({ leadId, campaignId, tenantId });`,
    mapQueues +
      `export const row = (tenantId: string, email: string) => importQueue(tenantId).add("row", { email, tenantId });`,
    // Spreads, later writes, Object.assign, helpers: the tenant reaches the data.
    withQueue(
      `export function send(tenantId: string, to: string) {\n  const base = { tenantId };\n  return emails.add("send", { ...base, to });\n}`,
    ),
    withQueue(
      `export function send(tenantId: string, to: string) {\n  const data: Record<string, string> = { to };\n  data.tenantId = tenantId;\n  return emails.add("send", data);\n}`,
    ),
    withQueue(
      `export const send = (tenantId: string, to: string) => emails.add("send", Object.assign({ to }, { tenantId }));`,
    ),
    withQueue(
      `import { tenantScope } from "./tenancy.js";\nexport const send = (t: string, to: string) => emails.add("send", tenantScope(t, { to }));`,
    ),
    withQueue(
      `const jobFor = (tenantId: string, to: string) => ({ tenantId, to });\nexport const send = (tenantId: string, to: string) => emails.add("send", jobFor(tenantId, to));`,
    ),
    // Undecidable data: a parameter, a spread of something unseen.
    withQueue(`export const send = (data: any) => emails.add("send", data);`),
    withQueue(`export const again = (job: any) => emails.add("retry", { ...job.data, attempt: 2 });`),
    // A queue injected into a class, given the tenant.
    withQueue(
      `export class Mailer {\n  constructor(private readonly queue: Queue) {}\n  send(tenantId: string, to: string) {\n    return this.queue.add("send", { tenantId, to });\n  }\n}`,
    ),
    // A worker re-enqueues with the job's tenant.
    withQueue(
      `export const worker = new Worker("emails", async (job) => {\n  await emails.add("followup", { tenantId: job.data.tenantId, to: job.data.to });\n});`,
    ),
    // A job scheduler whose template carries the tenant.
    withQueue(
      `export const weekly = (tenantId: string) => emails.upsertJobScheduler(\`digest:\${tenantId}\`, { every: 604800000 }, { name: "digest", data: { tenantId } });`,
    ),
    // A configured tenant field.
    {
      code: withQueue(`export const send = (orgId: string) => emails.add("send", { orgId });`),
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
  ],
  invalid: [
    // BullMQ add(name, data) without the tenant; the suggestion adds it.
    missing(
      withQueue(`export const send = (tenantId: string, to: string) => emails.add("send", { to });`),
      `emails.add(`,
      ["{ to }", "{ tenantId, to }"],
    ),
    // No data at all.
    missing(withQueue(`export const send = (tenantId: string) => emails.add("send");`), `emails.add(`),
    missing(withQueue(`export const send = (tenantId: string) => emails.add("send", {});`), `emails.add(`, [
      "{}",
      "{ tenantId }",
    ]),
    // Bull add(data), add(name, data, opts), add(data, opts).
    missing(
      withBull(`export const send = (tenantId: string, leadId: string) => legacy.add({ leadId });`),
      `legacy.add(`,
      ["{ leadId }", "{ tenantId, leadId }"],
    ),
    missing(
      withBull(`export const send = (leadId: string) => legacy.add("welcome", { leadId }, { attempts: 2 });`),
      `legacy.add(`,
    ),
    missing(
      withBull(`export const send = (leadId: string) => legacy.add({ leadId }, { delay: 1000 });`),
      `legacy.add(`,
    ),
    missing(
      withBull(
        `const opts = { delay: 5, attempts: 2 };\nexport const send = (leadId: string) => legacy.add({ leadId }, opts);`,
      ),
      `legacy.add(`,
    ),
    missing(
      withBull(`const jobName = "welcome";\nexport const send = (leadId: string) => legacy.add(jobName, { leadId });`),
      `legacy.add(`,
    ),
    // addBulk: one job without the tenant is enough.
    missing(
      withQueue(
        `export const many = (tenantId: string) => emails.addBulk([\n  { name: "a", data: { tenantId, to: "a" } },\n  { name: "b", data: { to: "b" } },\n]);`,
      ),
      `emails.addBulk(`,
    ),
    missing(withQueue(`export const many = () => emails.addBulk([{ name: "ping" }]);`), `emails.addBulk(`),
    // addBulk from .map() whose data has no tenant.
    missing(
      withQueue(
        `export const many = (rows: { to: string }[]) => emails.addBulk(rows.map((row) => ({ name: "send", data: { to: row.to } })));`,
      ),
      `emails.addBulk(`,
    ),
    // The seed's lazily cached per-tenant queue: a tenant's own queue still needs the tenant in its jobs.
    missing(
      seedQueues +
        `export async function startCampaign(tenantId: string, campaignId: string, leadId: string) {\n  const queue = getCampaignQueue(tenantId);\n  await queue.add({ leadId, campaignId });\n}`,
      `queue.add(`,
      ["{ leadId, campaignId }", "{ tenantId, leadId, campaignId }"],
    ),
    missing(
      seedQueues +
        `export const start = (tenantId: string, leadId: string) => getCampaignQueue(tenantId).add({ leadId });`,
      `getCampaignQueue(tenantId).add(`,
      ["{ leadId }", "{ tenantId, leadId }"],
    ),
    missing(
      mapQueues +
        `export const row = (tenantId: string, email: string) => importQueue(tenantId).add("row", { email });`,
      `importQueue(tenantId).add(`,
      ["{ email }", "{ tenantId, email }"],
    ),
    // A payload variable without the tenant: the suggestion spreads it into a new object.
    missing(
      withQueue(
        `export function send(tenantId: string, to: string) {\n  const payload = { to };\n  return emails.add("send", payload);\n}`,
      ),
      `emails.add(`,
      [`"send", payload`, `"send", { ...payload, tenantId }`],
    ),
    // A spread of a payload that has no tenant either.
    missing(
      withQueue(
        `export function send(leadId: string, to: string) {\n  const base = { leadId };\n  return emails.add("send", { ...base, to });\n}`,
      ),
      `emails.add(`,
    ),
    // A local helper known to build data without the tenant.
    missing(
      withQueue(
        `const jobFor = (to: string) => ({ to, sentAt: Date.now() });\nexport const send = (to: string) => emails.add("send", jobFor(to));`,
      ),
      `emails.add(`,
    ),
    // An empty tenant does not count; the suggestion replaces it.
    missing(
      withQueue(
        `export const send = (tenantId: string, to: string) => emails.add("send", { tenantId: undefined, to });`,
      ),
      `emails.add(`,
      ["tenantId: undefined", "tenantId"],
    ),
    // The worker reads `job.data.tenantId`: a tenant nested deeper is not where it looks.
    missing(
      withQueue(
        `export const send = (tenantId: string, to: string) => emails.add("send", { meta: { tenantId }, to });`,
      ),
      `emails.add(`,
      ["{ meta:", "{ tenantId, meta:"],
    ),
    // Both branches without the tenant.
    missing(
      withQueue(
        `export const send = (urgent: boolean, to: string) => emails.add("send", urgent ? { to, urgent } : { to });`,
      ),
      `emails.add(`,
    ),
    // The verified request's tenant is what the suggestion uses.
    missing(
      withQueue(
        `export async function invite(req: { user: { tenantId: string }; body: { to: string } }) {\n  if (!req.user.tenantId) throw new Error("no tenant");\n  await emails.add("invite", { to: req.body.to });\n}`,
      ),
      `emails.add(`,
      ["{ to: req.body.to }", "{ tenantId: req.user.tenantId, to: req.body.to }"],
    ),
    // Queues held by classes: a field and an injected constructor parameter.
    missing(
      withQueue(
        `export class Reports {\n  private queue = new Queue("reports");\n  build(reportId: string) {\n    return this.queue.add("build", { reportId });\n  }\n}`,
      ),
      `this.queue.add(`,
    ),
    missing(
      withQueue(
        `export class Mailer {\n  constructor(private readonly queue: Queue) {}\n  send(to: string) {\n    return this.queue.add("send", { to });\n  }\n}`,
      ),
      `this.queue.add(`,
    ),
    // A queue per tenant by name still needs the tenant in the data.
    missing(
      withQueue(
        `export const send = (tenantId: string, to: string) => new Queue(\`emails:\${tenantId}\`).add("send", { to });`,
      ),
      "new Queue(`emails:",
      ["{ to }", "{ tenantId, to }"],
    ),
    // Bull called without new, and Queue as the default import's name.
    missing(
      `import Bull from "bull";\nconst q = Bull("plain");\nexport const send = (to: string) => q.add({ to });`,
      `q.add(`,
    ),
    missing(
      `import Queue from "bull";\nconst q = new Queue("plain");\nexport const send = (to: string) => q.add({ to });`,
      `q.add(`,
    ),
    missing(
      `import * as bullmq from "bullmq";\nconst q = new bullmq.Queue("ns");\nexport const send = (to: string) => q.add("send", { to });`,
      `q.add(`,
    ),
    // A queue assigned later.
    missing(
      withQueue(
        `let reports: Queue | undefined;\nexport function init() {\n  reports = new Queue("reports");\n}\nexport const build = (reportId: string) => reports?.add("build", { reportId });`,
      ),
      `reports?.add(`,
    ),
    // A worker forwarding to another queue without the tenant.
    missing(
      withQueue(
        `export const worker = new Worker("signups", async (job) => {\n  await emails.add("welcome", { userId: job.data.userId });\n});`,
      ),
      `emails.add(`,
    ),
    // Job schedulers: no template, or a template without the tenant.
    missing(
      withQueue(`export const purge = () => emails.upsertJobScheduler("purge", { pattern: "0 3 * * *" });`),
      `emails.upsertJobScheduler(`,
    ),
    missing(
      withQueue(
        `export const digest = (tenantId: string) => emails.upsertJobScheduler("digest", { every: 1000 }, { name: "digest", data: { kind: "weekly" } });`,
      ),
      `emails.upsertJobScheduler(`,
      ["{ kind:", "{ tenantId, kind:"],
    ),
    // A queue name that does not match globalKeys is checked.
    missing(
      withQueue(
        `const maintenance = new Queue("maintenance-tenant");\nexport const vacuum = () => maintenance.add("vacuum", {});`,
      ),
      `maintenance.add(`,
      undefined,
      { globalKeys: ["^maintenance$"] },
    ),
    // A configured tenant field: tenantId alone does not satisfy orgId.
    missing(
      withQueue(`export const send = (orgId: string, tenantId: string) => emails.add("send", { tenantId });`),
      `emails.add(`,
      ["{ tenantId }", "{ orgId, tenantId }"],
      { tenantFields: ["orgId"] },
    ),
  ],
});

typedRuleTester.run("require-tenant-job-data (typed)", rule, {
  valid: [
    // Queues imported from another file, given the tenant.
    `import { campaignQueue } from "./queues.js";\nexport const send = (tenantId: string) => campaignQueue.add("send", { tenantId });`,
    `import { emailQueue } from "./queues.js";\nexport const send = (tenantId: string, leadId: string) => emailQueue.add({ tenantId, leadId });`,
    // Data whose declared type has a tenant property.
    `import { campaignQueue } from "./queues.js";\ninterface SendJob { tenantId: string; to: string }\nexport const send = (job: SendJob) => campaignQueue.add("send", job);`,
    // Data whose type cannot tell (optional tenant, index signature).
    `import { campaignQueue } from "./queues.js";\nexport const send = (job: { tenantId?: string }, extra: Record<string, string>) => Promise.all([campaignQueue.add("a", job), campaignQueue.add("b", extra)]);`,
    // Without the setting, an in-house wrapper is unknown.
    `import { bus } from "./wrappers.js";\nexport const send = () => bus.add("send", { to: "x" });`,
    {
      code: `import { bus } from "./wrappers.js";\nexport const send = (tenantId: string) => bus.add("send", { tenantId });`,
      settings: { tenant: { receivers: { queue: ["JobBus"] } } },
    },
  ],
  invalid: [
    // Only the type checker knows an imported value is a queue.
    missing(
      `import { campaignQueue } from "./queues.js";\nexport const send = () => campaignQueue.add("send", {});`,
      `campaignQueue.add(`,
    ),
    missing(
      `import { emailQueue } from "./queues.js";\nexport const send = (leadId: string) => emailQueue.add({ leadId } as never);`,
      `emailQueue.add(`,
    ),
    // Only the type checker knows that the data's type has no tenant property.
    missing(
      `import { campaignQueue } from "./queues.js";\ninterface LeadJob { leadId: string }\nexport const send = (job: LeadJob) => campaignQueue.add("lead", job);`,
      `campaignQueue.add(`,
    ),
    // An in-house wrapper named in `receivers`.
    missing(
      `import { bus } from "./wrappers.js";\nexport const send = () => bus.add("send", { to: "x" });`,
      `bus.add(`,
      undefined,
      { receivers: { queue: ["JobBus"] } },
    ),
  ],
});

// Set-up lines for the other queue libraries; each case's own code follows them.
const agendaSetup = `import { Agenda } from "agenda";
declare const backend: ConstructorParameters<typeof Agenda>[0]["backend"];
const agenda = new Agenda({ backend });
`;
const bossSetup = `import PgBoss from "pg-boss";
const boss = new PgBoss("postgres://localhost/app");
`;
const flowSetup = `import { FlowProducer } from "bullmq";
const flows = new FlowProducer();
`;
const inngestSetup = `import { Inngest } from "inngest";
const inngest = new Inngest({ id: "app" });
`;
const triggerSetup = `import { batch, schemaTask, task, tasks } from "@trigger.dev/sdk";
const exportTask = task({ id: "export", run: async (payload: { tenantId?: string; exportId: string }) => payload.exportId });
`;

// Tempting look-alikes of the queue clients, valid in both modes.
const queueLookAlikes = [
  // Look-alikes. An array named agenda: `every` tests its items.
  `const agenda: { at: Date }[] = [];\nexport const dated = agenda.every((item) => item.at instanceof Date);`,
  // A Map named boss, and an object with its own `send`.
  `const boss = new Map<string, object>();\nboss.set("render", { id: "1" });\nexport const pending = boss.get("render");`,
  `const boss = { send: (name: string, data: object) => console.debug(name, data) };\nboss.send("render", { id: "1" });`,
  // An array named tasks: `.trigger` is undefined on it.
  `const tasks: { id: string; trigger?: (p: object) => void }[] = [];\ntasks.forEach((t) => t.trigger?.({ id: t.id }));\nexport const first = tasks.find((t) => t.id === "export");`,
  // Inngest look-alikes: a hand-written client, an unknown parameter, a class of this file.
  `const inngest = { send: (event: { name: string; data?: object }) => console.debug(event.name) };\ninngest.send({ name: "app/signed_up", data: { userId: "u1" } });`,
  `export const emit = (inngest: { send(e: object): Promise<void> }) => inngest.send({ name: "app/signed_up", data: { userId: "u1" } });`,
  `class Inngest { send(e: object) { return e; } }\nnew Inngest().send({ name: "app/x", data: {} });`,
  `import { Inngest } from "./my-inngest.js";\nexport const emit = () => new Inngest().send({ name: "app/x", data: {} });`,
  // Sockets, WebSockets, HTTP responses and IPC send messages, not jobs.
  `import type { Socket } from "node:dgram";\nexport const ping = (socket: Socket) => socket.send("ping", 41234, "localhost");`,
  `export const ping = (ws: WebSocket) => ws.send(JSON.stringify({ name: "app/x", data: {} }));\nnew WebSocket("ws://localhost").send("hi");`,
  `export const reply = (res: { send(body: unknown): void }) => res.send({ ok: true });\nprocess.send?.({ ready: true });`,
];

ruleTester.run("require-tenant-job-data (Agenda, pg-boss, flows, Inngest, Trigger.dev)", rule, {
  valid: [
    // Agenda: `define` declares a job type and adds no job.
    agendaSetup + `agenda.define("export", async () => undefined);`,
    agendaSetup +
      `export const go = (tenantId: string, exportId: string) => Promise.all([agenda.now("export", { tenantId, exportId }), agenda.schedule("in 2 hours", "export", { tenantId, exportId }), agenda.every("1 day", "export", { tenantId })]);`,
    agendaSetup + `export const draft = (tenantId: string) => agenda.create("export", { tenantId }).save();`,
    // A job name matching globalKeys is global on purpose, alone or as a list of names.
    {
      code:
        agendaSetup +
        `export const tick = () => Promise.all([agenda.every("1 hour", "housekeeping"), agenda.every("1 day", ["housekeeping", "housekeeping"])]);`,
      settings: { tenant: { globalKeys: ["^housekeeping$"] } },
    },
    // pg-boss: positional data, a request object, throttled and bulk jobs.
    bossSetup +
      `export const send = (tenantId: string, id: string) => boss.send("render", { tenantId, id }, { retryLimit: 2 });`,
    bossSetup +
      `export const send = (tenantId: string, id: string) => boss.send({ name: "render", data: { tenantId, id } });`,
    bossSetup +
      `export const later = (tenantId: string) => boss.sendThrottled("recalc", { tenantId }, {}, 60, tenantId);`,
    bossSetup +
      `export const paid = (tenantId: string, invoiceId: string) => Promise.all([boss.subscribe("invoice.paid", "render"), boss.publish("invoice.paid", { tenantId, invoiceId })]);`,
    bossSetup +
      `export const many = (tenantId: string, ids: string[]) => boss.insert(ids.map((id) => ({ name: "render", data: { id, tenantId } })));`,
    {
      code: bossSetup + `export const nightly = () => boss.schedule("housekeeping", "0 3 * * *");`,
      settings: { tenant: { globalKeys: ["^housekeeping$"] } },
    },
    // pg-boss's consumers and queue management add no job.
    bossSetup +
      `export const start = () => Promise.all([boss.start(), boss.createQueue("render"), boss.work("render", async () => undefined)]);`,
    // BullMQ flows: the root and every child carry the tenant.
    flowSetup +
      `export const build = (tenantId: string) => flows.add({ name: "root", queueName: "reports", data: { tenantId }, children: [{ name: "leaf", queueName: "etl", data: { tenantId } }] });`,
    // A child whose queue is global on purpose.
    {
      code:
        flowSetup +
        `export const build = (tenantId: string) => flows.add({ name: "root", queueName: "reports", data: { tenantId }, children: [{ name: "vacuum", queueName: "maintenance", data: {} }] });`,
      settings: { tenant: { globalKeys: ["^maintenance$"] } },
    },
    // A child list we cannot see: undecidable.
    flowSetup +
      `export const build = (tenantId: string, children: never[]) => flows.add({ name: "root", queueName: "reports", data: { tenantId }, children });`,
    // Inngest: one event or a list, each with the tenant in `data`.
    inngestSetup +
      `export const signedUp = (tenantId: string, userId: string) => inngest.send({ name: "app/signed_up", data: { tenantId, userId } });`,
    inngestSetup +
      `export const invited = (tenantId: string, emails: string[]) => inngest.send(emails.map((email) => ({ name: "app/invited", data: { email, tenantId } })));`,
    {
      code: inngestSetup + `export const ping = () => inngest.send({ name: "app/ping" });`,
      settings: { tenant: { globalKeys: ["^app/ping$"] } },
    },
    // Trigger.dev: a task's payload, `tasks.trigger(id, payload)`, batches.
    triggerSetup +
      `export const go = (tenantId: string, exportId: string) => exportTask.trigger({ tenantId, exportId });`,
    triggerSetup +
      `export const go = (tenantId: string, exportId: string) => batch.trigger<typeof exportTask>([{ id: "export", payload: { tenantId, exportId } }]);`,
    {
      code: triggerSetup + `export const go = () => batch.trigger([{ id: "housekeeping", payload: {} }]);`,
      settings: { tenant: { globalKeys: ["^housekeeping$"] } },
    },
    triggerSetup +
      `export const go = (tenantId: string, exportId: string) => tasks.trigger<typeof exportTask>("export", { tenantId, exportId });`,
    triggerSetup +
      `export const go = (tenantId: string, ids: string[]) => exportTask.batchTrigger(ids.map((exportId) => ({ payload: { tenantId, exportId } })));`,
    {
      code:
        triggerSetup +
        `const vacuum = task({ id: "housekeeping", run: async () => undefined });\nexport const go = () => vacuum.trigger();`,
      settings: { tenant: { globalKeys: ["^housekeeping$"] } },
    },
    {
      code: triggerSetup + `export const go = () => tasks.trigger("housekeeping", {});`,
      settings: { tenant: { globalKeys: ["^housekeeping$"] } },
    },
    ...queueLookAlikes,
    // Data we cannot see: a parameter, a spread.
    bossSetup + `export const send = (data: object) => boss.send("render", data);`,
    inngestSetup + `export const send = (events: never[]) => inngest.send(events);`,
    triggerSetup + `export const go = (items: never[]) => exportTask.batchTrigger(items);`,
    // Inngest's step.sendEvent(id, event) inside a function: the event's data carries the tenant.
    inngestSetup +
      `export const onSignup = inngest.createFunction({ id: "welcome" }, { event: "app/signed_up" }, async ({ event, step }) => {\n  await step.sendEvent("send-welcome", { name: "app/welcome", data: { tenantId: event.data.tenantId } });\n});`,
    // Look-alike: a sendEvent of a `step` that is not an Inngest function's.
    `export const run = async (step: { sendEvent(id: string, e: object): Promise<void> }) => step.sendEvent("x", { name: "app/x", data: {} });`,
  ],
  invalid: [
    // Agenda: `now`, `schedule`, `every`, `create` without the tenant; the suggestion adds it.
    missing(
      agendaSetup + `export const go = (tenantId: string, exportId: string) => agenda.now("export", { exportId });`,
      `agenda.now(`,
      ["{ exportId }", "{ tenantId, exportId }"],
    ),
    missing(
      agendaSetup + `export const go = (exportId: string) => agenda.schedule("in 2 hours", "export", { exportId });`,
      `agenda.schedule(`,
    ),
    missing(agendaSetup + `export const go = () => agenda.every("5 minutes", "sync all");`, `agenda.every(`),
    missing(
      agendaSetup + `export const go = (draftId: string) => agenda.create("publish", { draftId }).save();`,
      `agenda.create(`,
    ),
    // pg-boss: positional data, a request object, delayed and throttled jobs, bulk inserts, schedules.
    missing(
      bossSetup + `export const send = (tenantId: string, id: string) => boss.send("render", { id });`,
      `boss.send(`,
      ["{ id }", "{ tenantId, id }"],
    ),
    missing(
      bossSetup + `export const send = (id: string) => boss.send({ name: "render", data: { id } });`,
      `boss.send(`,
    ),
    missing(bossSetup + `export const send = () => boss.send({ name: "render" });`, `boss.send(`),
    missing(
      bossSetup + `export const later = (id: string) => boss.sendAfter("render", { id }, {}, 60);`,
      `boss.sendAfter(`,
    ),
    missing(
      bossSetup + `export const later = (id: string) => boss.sendDebounced("render", { id }, {}, 60);`,
      `boss.sendDebounced(`,
    ),
    missing(
      bossSetup +
        `export const many = (ids: string[]) => boss.insert(ids.map((id) => ({ name: "render", data: { id } })));`,
      `boss.insert(`,
    ),
    missing(
      bossSetup + `export const nightly = () => boss.schedule("report", "0 3 * * *", { kind: "full" });`,
      `boss.schedule(`,
    ),
    missing(
      bossSetup + `export const paid = (invoiceId: string) => boss.publish("invoice.paid", { invoiceId });`,
      `boss.publish(`,
    ),
    // A pg-boss queue name that does not match globalKeys is checked.
    missing(
      bossSetup + `export const nightly = () => boss.schedule("housekeeping-tenant", "0 3 * * *");`,
      `boss.schedule(`,
      undefined,
      { globalKeys: ["^housekeeping$"] },
    ),
    // BullMQ flows: a child without the tenant, the root without it, a bulk of flows.
    missing(
      flowSetup +
        `export const build = (tenantId: string) => flows.add({ name: "root", queueName: "reports", data: { tenantId }, children: [{ name: "leaf", queueName: "etl", data: {} }] });`,
      `flows.add(`,
    ),
    missing(
      flowSetup +
        `export const build = (tenantId: string) => flows.add({ name: "root", queueName: "reports", data: { kind: "pdf" }, children: [{ name: "leaf", queueName: "etl", data: { tenantId } }] });`,
      `flows.add(`,
      ["{ kind:", "{ tenantId, kind:"],
    ),
    missing(
      flowSetup +
        `export const build = () => flows.add({ name: "root", queueName: "reports", children: [{ name: "a", queueName: "etl", data: {}, children: [{ name: "b", queueName: "etl", data: {} }] }] });`,
      `flows.add(`,
    ),
    missing(
      flowSetup +
        `export const build = (ids: string[]) => flows.addBulk(ids.map((id) => ({ name: "root", queueName: "reports", data: { id } })));`,
      `flows.addBulk(`,
    ),
    // Inngest: an event without the tenant, one of a list, an event with no data.
    missing(
      inngestSetup +
        `export const signedUp = (tenantId: string, userId: string) => inngest.send({ name: "app/signed_up", data: { userId } });`,
      `inngest.send(`,
      ["{ userId }", "{ tenantId, userId }"],
    ),
    missing(
      inngestSetup +
        `export const invited = (tenantId: string) => inngest.send([{ name: "app/a", data: { tenantId } }, { name: "app/b", data: {} }]);`,
      `inngest.send(`,
    ),
    missing(inngestSetup + `export const ping = () => inngest.send({ name: "app/ping" });`, `inngest.send(`),
    missing(
      inngestSetup +
        `export const onSignup = inngest.createFunction({ id: "welcome" }, { event: "app/signed_up" }, async ({ event, step }) => {\n  await step.sendEvent("send-welcome", [{ name: "app/welcome", data: { userId: event.data.userId } }]);\n});`,
      `step.sendEvent(`,
    ),
    // Trigger.dev: a task's payload, `tasks.trigger(id, payload)`, batches, `triggerAndWait`.
    missing(
      triggerSetup + `export const go = (exportId: string) => exportTask.trigger({ exportId });`,
      `exportTask.trigger(`,
    ),
    missing(
      triggerSetup +
        `export const go = (exportId: string) => batch.trigger<typeof exportTask>([{ id: "export", payload: { exportId } }]);`,
      `batch.trigger<`,
    ),
    missing(
      triggerSetup +
        `export const go = (exportId: string) => batch.triggerByTaskAndWait([{ task: exportTask, payload: { exportId } }]);`,
      `batch.triggerByTaskAndWait(`,
    ),
    missing(
      triggerSetup +
        `export const go = (tenantId: string, exportId: string) => tasks.trigger<typeof exportTask>("export", { exportId });`,
      `tasks.trigger<`,
      ["{ exportId }", "{ tenantId, exportId }"],
    ),
    missing(
      triggerSetup +
        `export const go = (exportId: string) => tasks.triggerAndWait<typeof exportTask>("export", { exportId });`,
      `tasks.triggerAndWait<`,
    ),
    missing(
      triggerSetup +
        `export const go = (ids: string[]) => tasks.batchTrigger<typeof exportTask>("export", ids.map((exportId) => ({ payload: { exportId } })));`,
      `tasks.batchTrigger<`,
    ),
    missing(
      triggerSetup +
        `export const go = (ids: string[]) => exportTask.batchTriggerAndWait(ids.map((exportId) => ({ payload: { exportId } })));`,
      `exportTask.batchTriggerAndWait(`,
    ),
    missing(
      triggerSetup +
        `const indexTask = schemaTask({ id: "index", schema: { parse: (v: unknown) => v as { index: string } }, run: async () => undefined });\nexport const go = () => indexTask.trigger({ index: "a" });`,
      `indexTask.trigger(`,
    ),
  ],
});

typedRuleTester.run("require-tenant-job-data (typed: Agenda, pg-boss, Inngest, Trigger.dev)", rule, {
  valid: [
    inngestSetup +
      `export const onSignup = inngest.createFunction({ id: "welcome" }, { event: "app/signed_up" }, async ({ event, step }) => {\n  await step.sendEvent("send-welcome", { name: "app/welcome", data: { tenantId: event.data.tenantId } });\n});`,
    `import { agenda, boss, exportTask, inngest } from "./jobs.js";\nexport const go = (tenantId: string, exportId: string) => Promise.all([agenda.now("export", { tenantId, exportId }), boss.send("export", { tenantId, exportId }), inngest.send({ name: "app/export", data: { tenantId, exportId } }), exportTask.trigger({ tenantId, exportId })]);`,
    // A data type with a tenant property.
    `import { boss } from "./jobs.js";\ninterface ExportJob { tenantId: string; exportId: string }\nexport const go = (job: ExportJob) => boss.send("export", job);`,
    // A parameter typed as the library's client.
    `import type { Agenda } from "agenda";\nexport const go = (agenda: Agenda, tenantId: string) => agenda.now("export", { tenantId });`,
    // The look-alikes stay clean with type information too.
    ...queueLookAlikes,
  ],
  invalid: [
    // Only the checker knows these imports are queues.
    missing(
      `import { agenda } from "./jobs.js";\nexport const go = (exportId: string) => agenda.now("export", { exportId });`,
      `agenda.now(`,
    ),
    missing(
      `import { boss } from "./jobs.js";\nexport const go = (exportId: string) => boss.send("export", { exportId });`,
      `boss.send(`,
    ),
    missing(
      inngestSetup +
        `export const onSignup = inngest.createFunction({ id: "welcome" }, { event: "app/signed_up" }, async ({ event, step }) => {\n  await step.sendEvent("send-welcome", { name: "app/welcome", data: { userId: event.data.userId } });\n});`,
      `step.sendEvent(`,
    ),
    missing(
      `import { inngest } from "./jobs.js";\nexport const go = (exportId: string) => inngest.send({ name: "app/export", data: { exportId } });`,
      `inngest.send(`,
    ),
    missing(
      `import { exportTask } from "./jobs.js";\nexport const go = (exportId: string) => exportTask.trigger({ exportId });`,
      `exportTask.trigger(`,
    ),
    // Only the checker knows the data's declared type has no tenant property.
    missing(
      `import { boss } from "./jobs.js";\ninterface ExportJob { exportId: string }\nexport const go = (job: ExportJob) => boss.send("export", job);`,
      `boss.send(`,
    ),
    // A parameter typed as the library's client, untyped-visible too.
    missing(
      `import type PgBoss from "pg-boss";\nexport const go = (boss: PgBoss, id: string) => boss.send("export", { id });`,
      `boss.send(`,
    ),
  ],
});
