import { createServer } from "node:http";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { type Logger, pino } from "pino";
import { requireTenant } from "./auth/auth-hooks.js";
import type { RuntimeConfig } from "./config.js";
import { createErrorHandler } from "./http/error-handler.js";
import { Readiness } from "./http/readiness.js";
import { rejectBodyTenant } from "./http/reject-body-tenant.js";
import { registerCampaignRoutes } from "./routes/campaigns.js";
import { registerChatRoute } from "./routes/chat.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerHistoryRoute } from "./routes/history.js";
import { registerLeadRoutes } from "./routes/leads.js";
import { type Runtime, createRuntime } from "./runtime.js";

export interface BuiltApp {
  app: FastifyInstance;
  runtime: Runtime;
  readiness: Readiness;
}

// Node checks request timeouts on this interval (30 s by default), so a slow body would
// otherwise be cut off up to 30 s late.
const MAX_TIMEOUT_CHECK_MS = 1_000;

/** Builds the HTTP service; `app.close()` also closes queues, workers, store and Redis. */
export async function buildApp(config: RuntimeConfig, options: { logger?: Logger } = {}): Promise<BuiltApp> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const runtime = await createRuntime(config, logger);
  const readiness = new Readiness();
  const app = Fastify({
    loggerInstance: logger,
    // Fastify's own per-request lines are written before authentication, so they could not
    // carry the tenant; the onResponse hook below writes the one completion line instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Past this a request that is still running answers 503 (routing to reply).
    handlerTimeout: config.handlerTimeoutMs,
    // The whole request, headers and body, must arrive within requestTimeoutMs: a client
    // trickling its body cannot hold a connection (and a parser) open indefinitely.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.requestTimeoutMs, 10_000),
          connectionsCheckingInterval: Math.min(
            MAX_TIMEOUT_CHECK_MS,
            Math.max(100, Math.floor(config.requestTimeoutMs / 4)),
          ),
        },
        handler,
      ),
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

  // Browsers may call the API only from the configured origins (none by default); the token
  // travels in a header, never a cookie, so credentials mode stays off.
  await app.register(cors, {
    origin: config.corsOrigins.length === 0 ? false : config.corsOrigins,
    methods: ["GET", "POST", "PATCH", "DELETE"],
    allowedHeaders: ["authorization", "content-type"],
    maxAge: 600,
  });
  registerHealthRoutes(app, { redis: runtime.redis, store: runtime.store, readiness });
  const policy = {
    secret: new TextEncoder().encode(config.jwtSecret),
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  };
  const deps = { store: runtime.store, queues: runtime.queues, llm: runtime.llm, redis: runtime.redis };
  await app.register(async (tenantScope) => {
    // Tenant data must never sit in a shared cache (a proxy's, a CDN's, the browser's).
    tenantScope.addHook("onSend", async (_request, reply, payload) => {
      reply.header("cache-control", "no-store");
      return payload;
    });
    requireTenant(tenantScope, policy);
    tenantScope.addHook("preValidation", rejectBodyTenant);
    registerCampaignRoutes(tenantScope, deps);
    registerLeadRoutes(tenantScope, deps);
    registerHistoryRoute(tenantScope, deps);
    registerChatRoute(tenantScope, deps);
  });
  await app.ready();
  return { app, runtime, readiness };
}
