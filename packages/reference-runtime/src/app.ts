import Fastify, { type FastifyInstance, LogController } from "fastify";
import { type Logger, pino } from "pino";
import { requireTenant } from "./auth/auth-hooks.js";
import type { RuntimeConfig } from "./config.js";
import { createErrorHandler } from "./http/error-handler.js";
import { rejectBodyTenant } from "./http/reject-body-tenant.js";
import { registerCampaignRoutes } from "./routes/campaigns.js";
import { registerChatRoute } from "./routes/chat.js";
import { registerHealthRoute } from "./routes/health.js";
import { registerHistoryRoute } from "./routes/history.js";
import { registerLeadRoutes } from "./routes/leads.js";
import { type Runtime, createRuntime } from "./runtime.js";

export interface BuiltApp {
  app: FastifyInstance;
  runtime: Runtime;
}

/** Builds the HTTP service; `app.close()` also closes queues, workers, store and Redis. */
export async function buildApp(config: RuntimeConfig, options: { logger?: Logger } = {}): Promise<BuiltApp> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const runtime = await createRuntime(config, logger);
  const app = Fastify({
    loggerInstance: logger,
    // Fastify's own per-request lines are written before authentication, so they could not
    // carry the tenant; the onResponse hook below writes the one completion line instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  }) as unknown as FastifyInstance;

  app.decorateRequest("tenant", null);
  app.setErrorHandler(createErrorHandler(runtime.redis));
  app.addHook("onResponse", async (request, reply) => {
    const tenantId = request.tenant?.tenantId ?? null;
    request.log.child({ tenantId }).info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime),
      },
      "request completed",
    );
  });
  app.addHook("onClose", async () => {
    await runtime.close();
  });

  registerHealthRoute(app, runtime.redis);
  const secret = new TextEncoder().encode(config.jwtSecret);
  const deps = { store: runtime.store, queues: runtime.queues, llm: runtime.llm, redis: runtime.redis };
  await app.register(async (tenantScope) => {
    requireTenant(tenantScope, secret);
    tenantScope.addHook("preValidation", rejectBodyTenant);
    registerCampaignRoutes(tenantScope, deps);
    registerLeadRoutes(tenantScope, deps);
    registerHistoryRoute(tenantScope, deps);
    registerChatRoute(tenantScope, deps);
  });
  await app.ready();
  return { app, runtime };
}
