import type { LibraryAdapter } from "./types.js";

/** The global `console` (when not shadowed by a local binding). */
export const consoleLogger: LibraryAdapter = {
  library: "console",
  kind: "logger",
  modules: [],
  globals: ["console"],
  typeNames: [],
  callPaths: ["log", "info", "warn", "error", "debug"],
};
