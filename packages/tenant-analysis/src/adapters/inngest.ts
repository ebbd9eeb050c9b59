import type { LibraryAdapter } from "./types.js";

/**
 * Inngest: `new Inngest({ id })`; `send({ name, data })` or `send([...events])` emits events that
 * run functions, and so does a function's `step.sendEvent(id, event | events)` (the `step` of
 * `inngest.createFunction(…, async ({ event, step }) => …)`).
 */
export const inngest: LibraryAdapter = {
  library: "inngest",
  kind: "queue",
  modules: ["inngest"],
  constructs: ["Inngest"],
  typeNames: ["Inngest"],
  callbackProperties: { createFunction: ["step"] },
  jobMethods: {
    send: { argument: 0, list: "either", property: "data", name: "name" },
    sendEvent: { argument: 1, list: "either", property: "data", name: "name" },
  },
  processors: [{ method: "createFunction", argument: "last", payload: "event.data" }],
};
