import type { LibraryAdapter } from "./types.js";

/** BullMQ queues: `new Queue(name)` from "bullmq". */
export const bullmq: LibraryAdapter = {
  library: "bullmq",
  kind: "queue",
  modules: ["bullmq"],
  constructs: ["Queue"],
  typeNames: ["Queue"],
};
