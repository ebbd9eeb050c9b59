import type { LibraryAdapter } from "./types.js";

/** pg-boss: `new PgBoss(connectionString)`; jobs are sent by queue name. */
export const pgBoss: LibraryAdapter = {
  library: "pg-boss",
  kind: "queue",
  modules: ["pg-boss"],
  defaultExport: "construct",
  constructs: ["PgBoss"],
  typeNames: ["PgBoss"],
  jobMethods: {
    // `send(name, data, options)` or `send({ name, data, options })`.
    send: { argument: 1, name: 0, orRequest: { argument: 0, property: "data", name: "name" } },
    sendAfter: { argument: 1, name: 0, distinctive: true },
    sendThrottled: { argument: 1, name: 0, distinctive: true },
    sendDebounced: { argument: 1, name: 0, distinctive: true },
    insert: { argument: 0, list: true, property: "data", name: "name" },
    // `publish(event, data)`: a job with this data in every queue subscribed to the event.
    publish: { argument: 1, name: 0 },
    // `schedule(name, cron, data, options)`: every scheduled job gets this data.
    schedule: { argument: 2, name: 0 },
  },
};
