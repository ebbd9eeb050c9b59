import type { LibraryAdapter } from "./types.js";

/** Bull queues: `new Bull(name)`, `Bull(name)`, `new Queue(name)` from "bull". */
export const bull: LibraryAdapter = {
  library: "bull",
  kind: "queue",
  modules: ["bull"],
  defaultExport: "construct-or-call",
  constructs: ["Queue"],
  typeNames: ["Queue"],
};
