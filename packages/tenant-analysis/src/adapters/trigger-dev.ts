import type { LibraryAdapter } from "./types.js";

// `@trigger.dev/core` declares the `Task` type the SDK re-exports (matched with type information).
const modules = ["@trigger.dev/sdk", "@trigger.dev/sdk/v3", "@trigger.dev/core"];

/** Trigger.dev's `tasks` export: `tasks.trigger(id, payload)`, `tasks.batchTrigger(id, [{ payload }])`. */
export const triggerDevTasks: LibraryAdapter = {
  library: "@trigger.dev/sdk",
  kind: "queue",
  modules,
  receiverExports: ["tasks"],
  typeNames: [],
  jobMethods: {
    trigger: { argument: 1, name: 0 },
    triggerAndWait: { argument: 1, name: 0, distinctive: true },
    triggerAndSubscribe: { argument: 1, name: 0, distinctive: true },
    batchTrigger: { argument: 1, list: true, property: "payload", name: 0, distinctive: true },
    batchTriggerAndWait: { argument: 1, list: true, property: "payload", name: 0, distinctive: true },
  },
};

/** A task made with `task({ id, run })` or `schemaTask(…)`: `myTask.trigger(payload)`, `myTask.batchTrigger([{ payload }])`. */
export const triggerDevTask: LibraryAdapter = {
  library: "@trigger.dev/sdk",
  kind: "queue",
  modules,
  factories: ["task", "schemaTask"],
  typeNames: ["Task", "TaskWithSchema"],
  processors: [
    { factory: "task", argument: 0, option: "run", payload: "" },
    { factory: "schemaTask", argument: 0, option: "run", payload: "" },
  ],
  originName: "id",
  jobMethods: {
    trigger: { argument: 0 },
    triggerAndWait: { argument: 0, distinctive: true },
    batchTrigger: { argument: 0, list: true, property: "payload", distinctive: true },
    batchTriggerAndWait: { argument: 0, list: true, property: "payload", distinctive: true },
  },
};

/** Trigger.dev's `batch` export: `batch.trigger([{ id, payload }])`, `batch.triggerByTask([{ task, payload }])`. */
export const triggerDevBatch: LibraryAdapter = {
  library: "@trigger.dev/sdk",
  kind: "queue",
  modules,
  receiverExports: ["batch"],
  typeNames: [],
  jobMethods: {
    trigger: { argument: 0, list: true, property: "payload", name: "id" },
    triggerAndWait: { argument: 0, list: true, property: "payload", name: "id", distinctive: true },
    triggerByTask: { argument: 0, list: true, property: "payload", distinctive: true },
    triggerByTaskAndWait: { argument: 0, list: true, property: "payload", distinctive: true },
  },
};
