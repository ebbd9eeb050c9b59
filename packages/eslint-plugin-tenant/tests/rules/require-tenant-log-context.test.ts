import rule from "../../src/rules/require-tenant-log-context.js";
import path from "node:path";
import { fixtureProjectDir, ruleTester, typedRuleTester } from "../rule-tester.js";

const pinoImport = 'import pino from "pino";\nconst logger = pino();\n';

ruleTester.run("require-tenant-log-context", rule, {
  valid: [
    // A tenant destructured under another name is still the tenant.
    pinoImport +
      "export function handle(req: { user: { tenantId: string } }) {\n  const { tenantId: tid } = req.user;\n  logger.info(`run for ${tid}`);\n}",
    // Tempting look-alikes: not loggers.
    // A `log` function of one's own.
    "function log(...args: unknown[]) {}\nexport function handle(tenantId: string) { log('saved'); }",
    // The `debug` package: a factory of functions, not a logger object.
    'import createDebug from "debug";\nconst debug = createDebug("app");\nexport function handle(tenantId: string) { debug("saved"); }',
    // A `logger` parameter of unknown type: the caller may have bound it.
    "export function handle(tenantId: string, logger: any) { logger.info('saved'); }",
    // An untyped `log` parameter.
    "export function handle(tenantId: string, log) { log.warn('saved'); }",
    // An object of one's own with an `info` method.
    "const audit = { info(message: string) {} };\nexport function handle(tenantId: string) { audit.info('saved'); }",
    // A Map named logger.
    "const logger = new Map<string, string>();\nexport function handle(tenantId: string) { logger.get('x'); }",
    // `Math.log`, not a logger.
    "export function score(tenantId: string, x: number) { return Math.log(x); }",
    // A local `console` shadowing the global.
    "export function handle(tenantId: string, console: { log(m: string): void }) { console.log('saved'); }",
    // A pino method that does not log.
    `${pinoImport}export function handle(tenantId: string) { logger.flush(); }`,
    // An imported name that is no logger by convention (`audit`), without types: not a logger.
    'import { audit } from "./audit.js";\nexport function handle(tenantId: string) { audit.info("saved"); }',
    // A logger of a package (not a project module) is not taken by its name.
    'import { logger } from "some-sdk";\nexport function handle(tenantId: string) { logger.info("saved"); }',
    // Scripts, migrations and browser modules are not request code.
    {
      code: `${pinoImport}export function backfill(tenantId: string) { logger.info("row backfilled"); }`,
      filename: "scripts/backfill.ts",
    },
    {
      code: `${pinoImport}export async function up(tenantId: string) { logger.info("migrated"); }`,
      filename: "migrations/003-status.ts",
    },
    '"use client";\nexport function onFail(tenantId: string, e: unknown) { console.error("upload failed", e); }',
    // Banners and separators: nothing to correlate.
    `${pinoImport}export function handle(tenantId: string) { logger.info("======== export ========"); logger.info("---"); }`,
    // The second line of one event: the raw error after the headline.
    `${pinoImport}export async function handle(tenantId: string) {\n  try { await run(); } catch (err) {\n    logger.error({ tenantId }, "run failed");\n    logger.error(err);\n  }\n}\ndeclare function run(): Promise<void>;`,
    // OpenTelemetry baggage and CLS read back in a mixin: every line carries the tenant.
    'import pino from "pino";\ndeclare const propagation: { getActiveBaggage(): { getEntry(key: string): { value: string } | undefined } | undefined };\nconst logger = pino({ mixin: () => ({ tenantId: propagation.getActiveBaggage()?.getEntry("tenantId")?.value }) });\nexport function handle(tenantId: string) { logger.info("saved"); }',
    'import pino from "pino";\ndeclare const cls: { get(key: string): string | undefined };\nconst logger = pino({ mixin() { return { tenant: cls.get("tenantId") }; } });\nexport function handle(tenantId: string) { logger.info("saved"); }',
    // A pino mixin merging a store that request middleware fills with the tenant.
    'import { AsyncLocalStorage } from "node:async_hooks";\nimport pino from "pino";\nconst als = new AsyncLocalStorage<{ tenantId: string }>();\nconst logger = pino({ mixin: () => ({ ...als.getStore() }) });\nexport const mw = (req: any, res: any, next: () => void) => als.run({ tenantId: req.user.tenantId }, next);\nexport function handle(tenantId: string) { logger.info("saved"); }',
    // Logs where no tenant exists.
    // Module start-up.
    `${pinoImport}logger.info("server starting");`,
    `${pinoImport}export function start(port: number) { logger.info({ port }, "listening"); }`,
    "export function start() { console.log('ready'); }",
    // A rejected token: the tenant was never read here.
    `${pinoImport}export function auth(req: any, res: any) {\n  if (!req.headers.authorization) { logger.warn("missing token"); return res.sendStatus(401); }\n}`,
    // The tenant is only set (a write), and the catch has no tenant in scope.
    `${pinoImport}import jwt from "jsonwebtoken";\nexport function auth(req: any, res: any, next: any) {\n  try {\n    const claims: any = jwt.verify(req.headers.authorization, "s");\n    req.tenantId = claims.tenantId;\n    next();\n  } catch (err) {\n    logger.warn({ err }, "rejected token");\n    res.sendStatus(401);\n  }\n}`,
    // The branch that found no tenant has none to log.
    `${pinoImport}export function guard(req: any, res: any) {\n  if (!req.user?.tenantId) { logger.warn("request without tenant"); return res.sendStatus(403); }\n}`,
    // A health check: the request carries no tenant.
    `${pinoImport}export function health(req: any, res: any) { logger.debug("health"); res.send("ok"); }`,
    // A tenant in another handler is not in scope here.
    `${pinoImport}export const a = (req: any) => req.user.tenantId;\nexport const b = (req: any) => { logger.info("b"); };`,
    // The tenant carried.
    // In the fields object.
    `${pinoImport}export function handle(tenantId: string) { logger.info({ tenantId }, "saved"); }`,
    `${pinoImport}export function handle(req: any) { logger.info({ tenantId: req.user.tenantId, id: 1 }, "saved"); }`,
    // The tenant field, whatever its value is named.
    `${pinoImport}export function handle(tenantId: string, ctx: { tenant: string }) { logger.info({ tenantId: ctx.tenant }, "saved"); }`,
    // Under another field name.
    `${pinoImport}export function handle(tenantId: string) { logger.info({ tenant: tenantId }, "saved"); }`,
    // In the message.
    `${pinoImport}export function handle(tenantId: string) { logger.info(\`saved for \${tenantId}\`); }`,
    `${pinoImport}export function handle(tenantId: string) { logger.error("failed for " + tenantId); }`,
    "export function handle(tenantId: string) { console.log('saved', tenantId); }",
    // Through a child logger bound with it.
    `${pinoImport}export function handle(tenantId: string) {\n  const log = logger.child({ tenantId });\n  log.info("saved");\n}`,
    `${pinoImport}export function handle(tenantId: string) { logger.child({ tenantId }).child({ step: 1 }).info("saved"); }`,
    `${pinoImport}function forTenant(tenantId: string) { return logger.child({ tenantId }); }\nexport function handle(tenantId: string) { forTenant(tenantId).info("saved"); }`,
    // In a variable holding the fields, or written into it.
    `${pinoImport}export function handle(tenantId: string) {\n  const fields = { tenantId, step: 1 };\n  logger.info(fields, "saved");\n}`,
    `${pinoImport}export function handle(tenantId: string) {\n  const meta: Record<string, string> = {};\n  meta.tenantId = tenantId;\n  logger.info(meta, "saved");\n}`,
    // Through a spread of fields that hold it.
    `${pinoImport}export function handle(tenantId: string) {\n  const base = { tenantId };\n  logger.info({ ...base, step: 2 }, "saved");\n}`,
    // winston's meta after the message; winston's `log(level, msg, meta)`.
    'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) { logger.info("saved", { tenantId }); }',
    'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) { logger.log("info", "saved", { tenantId }); }',
    // A winston logger made per tenant with default meta.
    'import winston from "winston";\nexport function handle(tenantId: string) {\n  const logger = winston.createLogger({ defaultMeta: { tenantId } });\n  logger.info("saved");\n}',
    // A pino `mixin` that stamps every line with the tenant of the request context.
    'import pino from "pino";\nimport { AsyncLocalStorage } from "node:async_hooks";\nconst als = new AsyncLocalStorage<{ tenantId: string }>();\nconst logger = pino({ mixin() { return { tenantId: als.getStore()?.tenantId }; } });\nexport function handle(req: any) { logger.info("listing"); return req.user.tenantId; }',
    // Fastify's request logger rebound with the tenant in a hook of this file.
    'import Fastify from "fastify";\nconst app = Fastify();\napp.addHook("preHandler", async (request: any) => { request.log = request.log.child({ tenantId: request.user.tenantId }); });\napp.get("/x", async (request) => { request.log.info("listing"); return request.user.tenantId; });',
    // Unknown: fields handed in by the caller.
    `${pinoImport}export function handle(tenantId: string, meta: object) { logger.info(meta, "saved"); }`,
    // Unknown: a variable logger reassigned to a bound child on one path only.
    `${pinoImport}export function handle(tenantId: string, scoped: boolean) {\n  let log = logger;\n  if (scoped) log = logger.child({ tenantId });\n  log.info("saved");\n}`,
    // Unknown: the whole user object, whose tenant is read in the function, is logged.
    `${pinoImport}export function handle(req: any) {\n  logger.info({ user: req.user }, "login");\n  return req.user.tenantId;\n}`,
    // A class logger injected through the constructor: the caller may have bound it.
    'import type { Logger } from "pino";\nexport class Worker {\n  constructor(private readonly tenantId: string, private readonly log: Logger) {}\n  run() { this.log.info("run"); }\n}',
    // tenantFields setting: `orgId` is the tenant field.
    {
      code: `${pinoImport}export function handle(orgId: string) { logger.info({ orgId }, "saved"); }`,
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
  ],
  invalid: [
    {
      code: `${pinoImport}export function handle(tenantId: string) {\n  logger.info("saved");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) {\n  logger.info({ tenantId }, "saved");\n}`,
            },
          ],
        },
      ],
    },
    {
      // The fields object gains the tenant.
      code: `${pinoImport}export function handle(tenantId: string, id: string) {\n  logger.warn({ id }, "missing");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string, id: string) {\n  logger.warn({ tenantId, id }, "missing");\n}`,
            },
          ],
        },
      ],
    },
    {
      // `req.user.tenantId` is read in the handler: the request carries a tenant.
      code: `${pinoImport}export async function list(req: any, res: any) {\n  logger.info("listing campaigns");\n  res.json(await find(req.user.tenantId));\n}\ndeclare function find(t: string): Promise<unknown>;`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export async function list(req: any, res: any) {\n  logger.info({ tenantId: req.user.tenantId }, "listing campaigns");\n  res.json(await find(req.user.tenantId));\n}\ndeclare function find(t: string): Promise<unknown>;`,
            },
          ],
        },
      ],
    },
    {
      // A destructured tenant variable declared before the log.
      code: `${pinoImport}export function handle(req: any) {\n  const { tenantId } = req.user;\n  logger.error({ code: 500 }, "failed");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(req: any) {\n  const { tenantId } = req.user;\n  logger.error({ tenantId, code: 500 }, "failed");\n}`,
            },
          ],
        },
      ],
    },
    {
      // A BullMQ processor: `job.data.tenantId` is in the job.
      code: `${pinoImport}export async function processLead(job: any) {\n  const lead = job.data.leadId;\n  logger.info({ lead }, "processing");\n  return job.data.tenantId;\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export async function processLead(job: any) {\n  const lead = job.data.leadId;\n  logger.info({ tenantId: job.data.tenantId, lead }, "processing");\n  return job.data.tenantId;\n}`,
            },
          ],
        },
      ],
    },
    {
      // A template message without the tenant.
      code: `${pinoImport}export function handle(tenantId: string, id: string) { logger.info(\`saved \${id}\`); }`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 56,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string, id: string) { logger.info({ tenantId }, \`saved \${id}\`); }`,
            },
          ],
        },
      ],
    },
    {
      // A child logger bound with something else: one finding, at the binding, for every line it writes.
      code: `${pinoImport}export function handle(tenantId: string, jobId: string) {\n  const log = logger.child({ jobId });\n  log.info("started");\n  if (jobId) log.warn("slow");\n}`,
      errors: [{ messageId: "childLoggerWithoutTenant", line: 4, column: 15, suggestions: [] }],
    },
    {
      // Untyped, a project module's logger named by convention is a logger, and unbound.
      code: 'import { logger } from "./logger.js";\nexport function handle(tenantId: string) { logger.info("saved"); }',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 2,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { logger } from "./logger.js";\nexport function handle(tenantId: string) { logger.info({ tenantId }, "saved"); }',
            },
          ],
        },
      ],
    },
    {
      // The message names the tenant field in scope, not only the first configured one.
      code: `${pinoImport}export function handle(organisationId: string) { logger.warn("plan changed"); }`,
      settings: { tenant: { tenantFields: ["teamId", "organisationId"] } },
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 50,
          data: { logger: "logger", method: "warn", field: "organisationId" },
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(organisationId: string) { logger.warn({ organisationId }, "plan changed"); }`,
            },
          ],
        },
      ],
    },
    {
      // A plain message is an event, not a banner.
      code: `${pinoImport}export function handle(tenantId: string) { logger.info("export started"); }`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) { logger.info({ tenantId }, "export started"); }`,
            },
          ],
        },
      ],
    },
    {
      // A store filled with a request id only: the mixin adds no tenant.
      code: 'import { AsyncLocalStorage } from "node:async_hooks";\nimport pino from "pino";\nconst als = new AsyncLocalStorage<{ requestId: string }>();\nconst logger = pino({ mixin: () => ({ ...als.getStore() }) });\nexport const mw = (req: any, res: any, next: () => void) => als.run({ requestId: req.id }, next);\nexport function handle(tenantId: string) { logger.info("saved"); }',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 6,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { AsyncLocalStorage } from "node:async_hooks";\nimport pino from "pino";\nconst als = new AsyncLocalStorage<{ requestId: string }>();\nconst logger = pino({ mixin: () => ({ ...als.getStore() }) });\nexport const mw = (req: any, res: any, next: () => void) => als.run({ requestId: req.id }, next);\nexport function handle(tenantId: string) { logger.info({ tenantId }, "saved"); }',
            },
          ],
        },
      ],
    },
    {
      // An inline child without the tenant; the finding points at the chain's start.
      code: `${pinoImport}export function handle(tenantId: string) {\n  logger.child({ module: "billing" }).debug("charged");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) {\n  logger.child({ module: "billing" }).debug({ tenantId }, "charged");\n}`,
            },
          ],
        },
      ],
    },
    {
      // The named export `pino`.
      code: 'import { pino } from "pino";\nconst log = pino({ level: "info" });\nexport function handle(tenantId: string) { log.fatal("down"); }',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { pino } from "pino";\nconst log = pino({ level: "info" });\nexport function handle(tenantId: string) { log.fatal({ tenantId }, "down"); }',
            },
          ],
        },
      ],
    },
    {
      // An error object is not the tenant.
      code: `${pinoImport}export async function handle(tenantId: string) {\n  try { await work(); } catch (err) { logger.error(err); }\n}\ndeclare function work(): Promise<void>;`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 39,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export async function handle(tenantId: string) {\n  try { await work(); } catch (err) { logger.error({ tenantId, err }); }\n}\ndeclare function work(): Promise<void>;`,
            },
          ],
        },
      ],
    },
    {
      // A log inside a callback of tenant code.
      code: `${pinoImport}export function handle(tenantId: string, ids: string[]) {\n  ids.forEach((id) => logger.trace({ id }, "item"));\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 23,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string, ids: string[]) {\n  ids.forEach((id) => logger.trace({ tenantId, id }, "item"));\n}`,
            },
          ],
        },
      ],
    },
    {
      // The class has a tenant; its module-level logger does not carry it.
      code: `${pinoImport}export class CampaignService {\n  constructor(private readonly tenantId: string) {}\n  start() { logger.info("starting"); }\n}`,
      errors: [{ messageId: "missingTenantInLog", line: 5, column: 13 }],
    },
    {
      // `this.tenantId` is read in the method; the class's own pino logger is unbound.
      code: `${pinoImport}export class Worker {\n  private log = pino();\n  tenantId = "";\n  run() { this.log.warn("slow"); return this.tenantId; }\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export class Worker {\n  private log = pino();\n  tenantId = "";\n  run() { this.log.warn({ tenantId: this.tenantId }, "slow"); return this.tenantId; }\n}`,
            },
          ],
        },
      ],
    },
    {
      // A variable holding fields without the tenant.
      code: `${pinoImport}export function handle(tenantId: string) {\n  const fields = { step: 1 };\n  logger.info(fields, "saved");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) {\n  const fields = { step: 1 };\n  logger.info({ ...fields, tenantId }, "saved");\n}`,
            },
          ],
        },
      ],
    },
    {
      // A `tenantId: tid` rename is still the tenant in scope.
      code: `${pinoImport}export function handle({ tenantId: tid }: { tenantId: string }) {\n  logger.info("saved");\n}`,
      errors: [{ messageId: "missingTenantInLog", line: 4, column: 3, suggestions: [] }],
    },
    {
      // Assigned later: `let` values must all be bound.
      code: `${pinoImport}export function handle(tenantId: string) {\n  let log = logger;\n  log = logger.child({ jobId: 1 });\n  log.info("x");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) {\n  let log = logger;\n  log = logger.child({ jobId: 1 });\n  log.info({ tenantId }, "x");\n}`,
            },
          ],
        },
      ],
    },
    {
      // The tenant read through a cast (`(req as AuthedRequest).user.tenantId`) still puts the log in tenant code.
      code: `${pinoImport}type Authed = { user: { tenantId: string } };\nexport function handle(req: unknown) {\n  logger.info("x");\n  return (req as Authed).user.tenantId;\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}type Authed = { user: { tenantId: string } };\nexport function handle(req: unknown) {\n  logger.info({ tenantId: (req as Authed).user.tenantId }, "x");\n  return (req as Authed).user.tenantId;\n}`,
            },
          ],
        },
      ],
    },
    // winston
    {
      code: 'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) {\n  logger.info("saved");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) {\n  logger.info("saved", { tenantId });\n}',
            },
          ],
        },
      ],
    },
    {
      // winston's meta object gains the tenant.
      code: 'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) {\n  logger.warn("slow", { ms: 3 });\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) {\n  logger.warn("slow", { tenantId, ms: 3 });\n}',
            },
          ],
        },
      ],
    },
    {
      // winston's `log(level, message)`.
      code: 'import { createLogger } from "winston";\nconst logger = createLogger({});\nexport function handle(tenantId: string) {\n  logger.log("info", "saved");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { createLogger } from "winston";\nconst logger = createLogger({});\nexport function handle(tenantId: string) {\n  logger.log("info", "saved", { tenantId });\n}',
            },
          ],
        },
      ],
    },
    {
      // winston's default logger.
      code: 'import winston from "winston";\nexport function handle(tenantId: string) {\n  winston.error("failed");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import winston from "winston";\nexport function handle(tenantId: string) {\n  winston.error("failed", { tenantId });\n}',
            },
          ],
        },
      ],
    },
    {
      // A winston child without the tenant.
      code: 'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) {\n  logger.child({ requestId: 1 }).info("x");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import winston from "winston";\nconst logger = winston.createLogger({});\nexport function handle(tenantId: string) {\n  logger.child({ requestId: 1 }).info("x", { tenantId });\n}',
            },
          ],
        },
      ],
    },
    // bunyan
    {
      code: 'import bunyan from "bunyan";\nconst log = bunyan.createLogger({ name: "api" });\nexport function handle(tenantId: string) {\n  log.info("saved");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import bunyan from "bunyan";\nconst log = bunyan.createLogger({ name: "api" });\nexport function handle(tenantId: string) {\n  log.info({ tenantId }, "saved");\n}',
            },
          ],
        },
      ],
    },
    {
      // `new Logger()`: bunyan's default export is the class.
      code: 'import Logger from "bunyan";\nconst log = new Logger({ name: "api" });\nexport function handle(tenantId: string) {\n  log.child({ component: "x" }).error("failed");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import Logger from "bunyan";\nconst log = new Logger({ name: "api" });\nexport function handle(tenantId: string) {\n  log.child({ component: "x" }).error({ tenantId }, "failed");\n}',
            },
          ],
        },
      ],
    },
    // console
    {
      code: "export function handle(tenantId: string) {\n  console.log('saved');\n}",
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 2,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: "export function handle(tenantId: string) {\n  console.log('saved', { tenantId });\n}",
            },
          ],
        },
      ],
    },
    {
      code: "export async function processJob(job: any) {\n  console.error('failed', job.id);\n  return job.data.tenantId;\n}",
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 2,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                "export async function processJob(job: any) {\n  console.error('failed', job.id, { tenantId: job.data.tenantId });\n  return job.data.tenantId;\n}",
            },
          ],
        },
      ],
    },
    {
      code: "export const handler = (req: any) => {\n  const tenantId = req.tenantId;\n  console.warn(`slow request ${req.url}`);\n};",
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                "export const handler = (req: any) => {\n  const tenantId = req.tenantId;\n  console.warn(`slow request ${req.url}`, { tenantId });\n};",
            },
          ],
        },
      ],
    },
    // Fastify's request logger
    {
      code: 'import Fastify from "fastify";\nconst app = Fastify();\napp.get("/campaigns", async (request) => {\n  request.log.info("listing");\n  return request.user.tenantId;\n});',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import Fastify from "fastify";\nconst app = Fastify();\napp.get("/campaigns", async (request) => {\n  request.log.info({ tenantId: request.user.tenantId }, "listing");\n  return request.user.tenantId;\n});',
            },
          ],
        },
      ],
    },
    {
      // Annotated `FastifyRequest`, in a function declared on its own.
      code: 'import type { FastifyRequest } from "fastify";\nexport async function list(request: FastifyRequest, tenantId: string) {\n  request.log.warn("empty");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import type { FastifyRequest } from "fastify";\nexport async function list(request: FastifyRequest, tenantId: string) {\n  request.log.warn({ tenantId }, "empty");\n}',
            },
          ],
        },
      ],
    },
    {
      // A child of the request logger without the tenant.
      code: 'import Fastify from "fastify";\nconst app = Fastify();\napp.post("/chat", async (req) => {\n  const { tenantId } = req.user;\n  req.log.child({ route: "chat" }).info("turn");\n});',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import Fastify from "fastify";\nconst app = Fastify();\napp.post("/chat", async (req) => {\n  const { tenantId } = req.user;\n  req.log.child({ route: "chat" }).info({ tenantId }, "turn");\n});',
            },
          ],
        },
      ],
    },
    {
      // A logger made from a local factory that binds something else.
      code: `${pinoImport}function forJob(jobId: string) { return logger.child({ jobId }); }\nexport function handle(tenantId: string) { forJob("1").info("saved"); }`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}function forJob(jobId: string) { return logger.child({ jobId }); }\nexport function handle(tenantId: string) { forJob("1").info({ tenantId }, "saved"); }`,
            },
          ],
        },
      ],
    },
    {
      // Two calls, two findings.
      code: `${pinoImport}export function handle(tenantId: string) {\n  logger.info("a");\n  logger.debug("b");\n}`,
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) {\n  logger.info({ tenantId }, "a");\n  logger.debug("b");\n}`,
            },
          ],
        },
        {
          messageId: "missingTenantInLog",
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(tenantId: string) {\n  logger.info("a");\n  logger.debug({ tenantId }, "b");\n}`,
            },
          ],
        },
      ],
    },
    {
      // tenantFields setting: `orgId` is the tenant field.
      code: `${pinoImport}export function handle(orgId: string) { logger.info("saved"); }`,
      settings: { tenant: { tenantFields: ["orgId"] } },
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 41,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: `${pinoImport}export function handle(orgId: string) { logger.info({ orgId }, "saved"); }`,
            },
          ],
        },
      ],
    },
    {
      // A `receivers.logger` setting names an in-house logger class.
      code: 'import { AppLogger } from "./app-logger.js";\nconst log = new AppLogger();\nexport function handle(tenantId: string) {\n  log.info("saved");\n}',
      settings: { tenant: { receivers: { logger: ["AppLogger"] } } },
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { AppLogger } from "./app-logger.js";\nconst log = new AppLogger();\nexport function handle(tenantId: string) {\n  log.info({ tenantId }, "saved");\n}',
            },
          ],
        },
      ],
    },
  ],
});

// With type information: loggers declared in another file (tests/fixture-project/loggers.ts).
typedRuleTester.run("require-tenant-log-context (typed)", rule, {
  valid: [
    // With types an import is followed to its definition: a `…Logger` that is no logger is not checked.
    'import { auditLogger } from "./loggers.js";\nexport function handle(tenantId: string) { auditLogger.info("saved"); }',
    // A seed script (by its file name) is not request code, typed or not.
    {
      code: 'import { logger } from "./loggers.js";\nexport function backfill(tenantId: string) { logger.info("row"); }',
      filename: "seed.ts",
    },
    // `tenantLogger(tenantId)` returns `logger.child({ tenantId })`, followed into loggers.ts.
    'import { tenantLogger } from "./loggers.js";\nexport function handle(tenantId: string) { tenantLogger(tenantId).info("saved"); }',
    'import { tenantLogger } from "./loggers.js";\nexport function handle(tenantId: string) {\n  const log = tenantLogger(tenantId);\n  log.info("saved");\n}',
    // The imported logger with the tenant in the fields.
    'import { logger } from "./loggers.js";\nexport function handle(tenantId: string) { logger.info({ tenantId }, "saved"); }',
    // Start-up code.
    'import { logger } from "./loggers.js";\nlogger.info("boot");',
    // A typed pino logger handed in as a parameter: the caller may have bound it.
    'import type { Logger } from "pino";\nexport function handle(tenantId: string, log: Logger) { log.info("saved"); }',
    // console is still the global console with types.
    "export function handle(tenantId: string) { console.info('saved', tenantId); }",
  ],
  invalid: [
    {
      // `export default pino()`: the default export is followed like a named one.
      code: 'import logger from "./default-logger.js";\nexport function handle(tenantId: string) {\n  logger.info("saved");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import logger from "./default-logger.js";\nexport function handle(tenantId: string) {\n  logger.info({ tenantId }, "saved");\n}',
            },
          ],
        },
      ],
    },
    {
      // The imported pino logger is `pino()` in loggers.ts: unbound.
      code: 'import { logger } from "./loggers.js";\nexport function handle(tenantId: string) {\n  logger.info("saved");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { logger } from "./loggers.js";\nexport function handle(tenantId: string) {\n  logger.info({ tenantId }, "saved");\n}',
            },
          ],
        },
      ],
    },
    {
      code: 'import { winstonLogger } from "./loggers.js";\nexport function handle(tenantId: string) {\n  winstonLogger.warn("slow");\n}',
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { winstonLogger } from "./loggers.js";\nexport function handle(tenantId: string) {\n  winstonLogger.warn("slow", { tenantId });\n}',
            },
          ],
        },
      ],
    },
    {
      code: "export function handle(tenantId: string) {\n  console.error('failed');\n}",
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 2,
          column: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output: "export function handle(tenantId: string) {\n  console.error('failed', { tenantId });\n}",
            },
          ],
        },
      ],
    },
  ],
});

// With the fixture project's schema (Campaign tenant-owned, Lead owned through Campaign, Plan
// global): the id of one tenant-owned record leads to its tenant, so a line that names it can be
// traced to the customer. An id of a global model, or of the user, does not.
const inSchemaProject = (code: string) => ({
  code: pinoImport + code,
  filename: path.join(fixtureProjectDir, "file.ts"),
});
const recordLogCases = {
  valid: [
    inSchemaProject(
      'export function send(tenantId: string, campaignId: string) { logger.info({ campaignId }, "sent"); }',
    ),
    inSchemaProject(
      "export function draft(tenantId: string, lead: { id: string }) { logger.info(`lead ${lead.id} drafted`); }",
    ),
    inSchemaProject(
      'export function close(tenantId: string, existingCampaign: { id: string }) { logger.warn("closed", { id: existingCampaign.id }); }',
    ),
    inSchemaProject(
      'export function list(tenantId: string, campaigns: { id: string }[]) { logger.info({ first: campaigns[0]!.id }, "listed"); }',
    ),
  ],
  invalid: [
    {
      ...inSchemaProject(
        'export function price(tenantId: string, planId: string) { logger.info({ planId }, "priced"); }',
      ),
      errors: [
        {
          messageId: "missingTenantInLog" as const,
          suggestions: [
            {
              messageId: "addTenantToLogFields" as const,
              output:
                pinoImport +
                'export function price(tenantId: string, planId: string) { logger.info({ tenantId, planId }, "priced"); }',
            },
          ],
        },
      ],
    },
    {
      ...inSchemaProject(
        "export function login(tenantId: string, user: { id: string }) { logger.info(`user ${user.id} in`); }",
      ),
      errors: [
        {
          messageId: "missingTenantInLog" as const,
          suggestions: [
            {
              messageId: "addTenantToLogFields" as const,
              output:
                pinoImport +
                `export function login(tenantId: string, user: { id: string }) { logger.info({ tenantId }, \`user \${user.id} in\`); }`,
            },
          ],
        },
      ],
    },
    {
      // A property named like a record id is a name, not a value.
      ...inSchemaProject('export function count(tenantId: string) { logger.info({ campaignId: 1 }, "counted"); }'),
      errors: [
        {
          messageId: "missingTenantInLog" as const,
          suggestions: [
            {
              messageId: "addTenantToLogFields" as const,
              output:
                pinoImport +
                'export function count(tenantId: string) { logger.info({ tenantId, campaignId: 1 }, "counted"); }',
            },
          ],
        },
      ],
    },
  ],
};
ruleTester.run("require-tenant-log-context (ids of tenant-owned records)", rule, recordLogCases);
typedRuleTester.run("require-tenant-log-context (ids of tenant-owned records, typed)", rule, recordLogCases);

// React components that hold state or run effects are client components: their console is the
// user's. A page module that also exports its server half (`getServerSideProps`, a Remix
// `loader`) runs per request on the server too, so it stays checked.
ruleTester.run("require-tenant-log-context (browser components)", rule, {
  valid: [
    {
      code: 'import { useState } from "react";\nexport function InviteForm({ tenantId }: { tenantId: string }) {\n  const [sent, setSent] = useState(false);\n  console.log("invite submitted");\n  return sent;\n}',
      filename: "components/invite-form.tsx",
    },
    {
      code: 'import { useRouter } from "next/navigation";\nexport function Back({ tenantId }: { tenantId: string }) {\n  const router = useRouter();\n  console.error("navigation failed");\n  return router;\n}',
      filename: "components/back.tsx",
    },
  ],
  invalid: [
    {
      code: 'import { useState } from "react";\nexport async function getServerSideProps(ctx: { params: { tenantId: string } }) {\n  const { tenantId } = ctx.params;\n  console.log("rendering invites");\n  return { props: { tenantId } };\n}\nexport default function Invites() {\n  const [open] = useState(false);\n  return open;\n}',
      filename: "pages/invites.tsx",
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 4,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import { useState } from "react";\nexport async function getServerSideProps(ctx: { params: { tenantId: string } }) {\n  const { tenantId } = ctx.params;\n  console.log("rendering invites", { tenantId });\n  return { props: { tenantId } };\n}\nexport default function Invites() {\n  const [open] = useState(false);\n  return open;\n}',
            },
          ],
        },
      ],
    },
    {
      // A type-only import of a hook is no use of it.
      code: 'import type { useState } from "react";\nexport function handle(tenantId: string) {\n  console.log("saved");\n}',
      filename: "lib/handle.ts",
      errors: [
        {
          messageId: "missingTenantInLog",
          line: 3,
          suggestions: [
            {
              messageId: "addTenantToLogFields",
              output:
                'import type { useState } from "react";\nexport function handle(tenantId: string) {\n  console.log("saved", { tenantId });\n}',
            },
          ],
        },
      ],
    },
  ],
});

// A logger factory of many returns that calls itself: read once per function, cut at the cycle
// (it used to be re-read at every level of the depth bound, 12^8 times, and never finished).
typedRuleTester.run("require-tenant-log-context (recursive logger factories)", rule, {
  valid: [
    `${pinoImport}function loggerFor(kind: string): ReturnType<typeof pino> {\n  if (kind === "a") return loggerFor("b");\n  if (kind === "b") return loggerFor("c");\n  if (kind === "c") return loggerFor("d");\n  if (kind === "d") return loggerFor("e");\n  if (kind === "e") return loggerFor("f");\n  if (kind === "f") return loggerFor("g");\n  if (kind === "g") return loggerFor("h");\n  if (kind === "h") return loggerFor("i");\n  if (kind === "i") return loggerFor("j");\n  if (kind === "j") return loggerFor("k");\n  if (kind === "k") return loggerFor("l");\n  if (kind === "l") return loggerFor("m");\n  return logger;\n}\nexport function handle(tenantId: string) {\n  loggerFor("a").info("saved");\n}`,
  ],
  invalid: [],
});
