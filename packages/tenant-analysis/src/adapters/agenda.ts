import type { LibraryAdapter } from "./types.js";

/**
 * Agenda: `new Agenda({ … })`. `define(name, handler)` declares a job type and adds nothing;
 * `now(name, data)`, `create(name, data)`, `schedule(when, name, data)` and `every(interval, name, data)` add jobs.
 */
export const agenda: LibraryAdapter = {
  library: "agenda",
  kind: "queue",
  modules: ["agenda"],
  defaultExport: "construct",
  constructs: ["Agenda"],
  typeNames: ["Agenda"],
  jobMethods: {
    now: { argument: 1, name: 0 },
    create: { argument: 1, name: 0 },
    schedule: { argument: 2, name: 1 },
    every: { argument: 2, name: 1 },
  },
};
