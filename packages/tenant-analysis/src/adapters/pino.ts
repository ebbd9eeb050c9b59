import type { LibraryAdapter } from "./types.js";
import { logMethods } from "./log-methods.js";

/** pino loggers: `pino()` (default or named export) and their `.child()` loggers. */
export const pino: LibraryAdapter = {
  library: "pino",
  kind: "logger",
  modules: ["pino"],
  defaultExport: "call",
  factories: ["pino"],
  derivingMethods: ["child"],
  typeNames: ["Logger", "BaseLogger", "LoggerExtras"],
  callPaths: logMethods,
};
