import type { LibraryAdapter } from "./types.js";

/**
 * BullMQ flows: `new FlowProducer()`'s `add({ name, queueName, data, children: [...] })` adds a
 * tree of jobs, each in its own queue; every node's data needs the tenant, the root's and each child's.
 */
export const bullmqFlows: LibraryAdapter = {
  library: "bullmq",
  kind: "queue",
  modules: ["bullmq"],
  constructs: ["FlowProducer"],
  typeNames: ["FlowProducer"],
  jobMethods: {
    add: { argument: 0, property: "data", children: "children", name: "queueName" },
    addBulk: { argument: 0, list: true, property: "data", children: "children", name: "queueName" },
  },
};
