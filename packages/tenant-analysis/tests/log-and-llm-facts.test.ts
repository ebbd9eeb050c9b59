/** The repository-wide facts the log and LLM-limit checks contribute, and how the checks use them. */
import { describe, expect, it } from "vitest";
import { collectProjectFacts, runCheck } from "../src/index.js";
import { parse, untyped } from "./helpers.js";

describe("facts for require-tenant-log-context and require-llm-rate-limit", () => {
  const loggers = parse(`
    import pino from "pino";
    export const logger = pino();
    export const billingLog = logger.child({ tenantId: process.env.TENANT_ID });
    export function tenantLogger(tenantId: string) { return logger.child({ tenantId }); }
    export const jobLogger = (jobId: string) => logger.child({ jobId });
  `);
  const hooks = parse(`
    import Fastify from "fastify";
    const app = Fastify();
    app.addHook("preHandler", async (request: any) => { request.log = request.log.child({ tenantId: request.user.tenantId }); });
  `);
  const budget = parse(`
    declare function getOrCreateLimiter(tenantId: string): { waitForCapacity(n: number): Promise<void> };
    export async function withTenantBudget<T>(tenantId: string, call: () => Promise<T>) {
      await getOrCreateLimiter(tenantId).waitForCapacity(1);
      return call();
    }
    export async function reserve(tenantId: string, n: number) { await getOrCreateLimiter(tenantId).waitForCapacity(n); }
    export async function plain(call: () => Promise<void>) { return call(); }
  `);

  it("collects tenant-bound loggers, rebound request loggers and limiter wrappers", () => {
    const facts = collectProjectFacts([loggers, hooks, budget], untyped());
    expect([...facts.tenantLoggers].sort()).toEqual(["billingLog", "request.log", "tenantLogger"]);
    expect([...facts.limiterWrappers].sort()).toEqual(["reserve", "withTenantBudget"]);
  });

  it("lets the checks use what other files define, for imported names only", () => {
    const route = parse(`
      import OpenAI from "openai";
      import Fastify from "fastify";
      import pino from "pino";
      import { reserve, withTenantBudget } from "./budget";
      import { tenantLogger } from "./loggers";
      const openai = new OpenAI();
      const app = Fastify();
      const local = pino();
      app.get("/a", async (request) => {
        const tenantId = request.user.tenantId;
        request.log.info("rebound in hooks.ts");
        tenantLogger(tenantId).info("bound in loggers.ts");
        local.info("a local logger is judged here");
        await reserve(tenantId, 5);
        await openai.chat.completions.create({ model: "m", messages: [] });
        return withTenantBudget(tenantId, () => openai.embeddings.create({ model: "e", input: "x" }));
      });
    `);
    const context = { ...untyped(), projectFacts: collectProjectFacts([loggers, hooks, budget], untyped()) };
    const logs = runCheck("require-tenant-log-context", route, context);
    expect(logs.findings.map((finding) => finding.node.getText())).toEqual([
      'local.info("a local logger is judged here")',
    ]);
    expect(logs.checked).toBe(3);
    const llm = runCheck("require-llm-rate-limit", route, context);
    expect(llm).toMatchObject({ checked: 2, unverified: 0, findings: [] });
    // Without the facts (ESLint), both logs through other files' loggers and both calls are findings or unknown.
    expect(runCheck("require-tenant-log-context", route, untyped()).findings).toHaveLength(2);
    expect(runCheck("require-llm-rate-limit", route, untyped()).findings).toHaveLength(1);
  });
});
