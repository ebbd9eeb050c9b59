import type { LibraryAdapter } from "./types.js";

/** Bull queues: `new Bull(name)`, `Bull(name)`, `new Queue(name)` from "bull". */
export const bull: LibraryAdapter = {
  library: "bull",
  kind: "queue",
  modules: ["bull"],
  defaultExport: "construct-or-call",
  constructs: ["Queue"],
  typeNames: ["Queue"],
  originName: 0,
  jobMethods: {
    // `add(data, opts)` or `add(name, data, opts)`.
    add: { argument: 0, nameOptional: true },
    addBulk: { argument: 0, list: true, property: "data", distinctive: true },
  },
};
