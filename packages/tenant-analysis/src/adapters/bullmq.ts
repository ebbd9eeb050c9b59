import type { LibraryAdapter } from "./types.js";

/** BullMQ queues: `new Queue(name)` from "bullmq". */
export const bullmq: LibraryAdapter = {
  library: "bullmq",
  kind: "queue",
  modules: ["bullmq"],
  constructs: ["Queue"],
  typeNames: ["Queue"],
  originName: 0,
  jobMethods: {
    add: { argument: 1 },
    addBulk: { argument: 0, list: true, property: "data", distinctive: true },
    // `upsertJobScheduler(id, repeat, { name, data, opts })`: the template makes every repeated job.
    upsertJobScheduler: { argument: 2, property: "data" },
  },
  processors: [{ construct: "Worker", argument: 1, payload: "data" }],
};
