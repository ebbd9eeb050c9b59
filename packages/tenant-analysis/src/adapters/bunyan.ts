import type { LibraryAdapter } from "./types.js";
import { logMethods } from "./log-methods.js";

/** bunyan loggers: `bunyan.createLogger()`, `new Logger()` (the default export is the class), and `.child()` loggers. */
export const bunyan: LibraryAdapter = {
  library: "bunyan",
  kind: "logger",
  modules: ["bunyan"],
  defaultExport: "construct",
  factories: ["createLogger"],
  derivingMethods: ["child"],
  typeNames: ["Logger"],
  callPaths: logMethods.filter((method) => method !== "log"),
};
