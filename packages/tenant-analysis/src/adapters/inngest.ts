import type { LibraryAdapter } from "./types.js";

/** Inngest: `new Inngest({ id })`; `send({ name, data })` or `send([...events])` emits events that run functions. */
export const inngest: LibraryAdapter = {
  library: "inngest",
  kind: "queue",
  modules: ["inngest"],
  constructs: ["Inngest"],
  typeNames: ["Inngest"],
  jobMethods: {
    send: { argument: 0, list: "either", property: "data", name: "name" },
  },
  processors: [{ method: "createFunction", argument: "last", payload: "event.data" }],
};
