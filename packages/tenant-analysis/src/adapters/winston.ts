import type { LibraryAdapter } from "./types.js";
import { logMethods } from "./log-methods.js";

/** winston loggers: `winston.createLogger()`, their `.child()` loggers, and winston's default logger (`winston.info()`). */
export const winston: LibraryAdapter = {
  library: "winston",
  kind: "logger",
  modules: ["winston"],
  defaultExport: "namespace",
  factories: ["createLogger"],
  derivingMethods: ["child"],
  typeNames: ["Logger"],
  // winston's npm levels beyond the shared ones.
  callPaths: [...logMethods, "verbose", "http", "silly"],
  namespaceIsReceiver: true,
};
