import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Readiness } from "./http/readiness.js";

export interface ShutdownOptions {
  app: FastifyInstance;
  readiness: Readiness;
  logger: Logger;
  /** How long /ready answers 503 before the server stops accepting connections. */
  drainMs: number;
  /** Past this the promise resolves `false` even if something is still closing. */
  timeoutMs: number;
}

/**
 * Graceful shutdown: not ready at once (load balancers stop sending), then after `drainMs`
 * close the server (in-flight requests finish, idle keep-alive connections close), the
 * workers (their active jobs finish) and the connections, all within `timeoutMs`.
 * Resolves true when everything closed in time.
 */
export async function drainAndClose({ app, readiness, logger, drainMs, timeoutMs }: ShutdownOptions): Promise<boolean> {
  readiness.drain();
  let timer: NodeJS.Timeout | undefined;
  const capped = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const closing = (async () => {
    await new Promise((resolve) => setTimeout(resolve, drainMs));
    await app.close();
    return true as const;
  })();
  try {
    const closed = await Promise.race([closing, capped]);
    if (!closed) logger.warn({ timeoutMs }, "shutdown did not finish in time");
    return closed;
  } finally {
    clearTimeout(timer);
  }
}
