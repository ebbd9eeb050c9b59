import type { LibraryAdapter } from "./types.js";
import { logMethods } from "./log-methods.js";

/**
 * Fastify's request logger, known by its declared type (`FastifyBaseLogger`, what
 * `request.log` is). Nothing Fastify exports makes a logger, so no factory is listed; the
 * untyped `request.log` of a route handler is recognised by the log check itself.
 */
export const fastify: LibraryAdapter = {
  library: "fastify",
  kind: "logger",
  modules: ["fastify"],
  derivingMethods: ["child"],
  typeNames: ["FastifyBaseLogger", "FastifyLoggerInstance"],
  callPaths: logMethods.filter((method) => method !== "log"),
};
