import type { JobPayload } from "./types.js";

/**
 * A queue named in the `receivers` setting (an in-house wrapper) may take either shape of
 * `add`, as Bull does, and BullMQ's bulk and scheduler methods.
 */
export const inHouseQueueMethods: Readonly<Record<string, JobPayload>> = {
  add: { argument: 0, nameOptional: true },
  addBulk: { argument: 0, list: true, property: "data", distinctive: true },
  upsertJobScheduler: { argument: 2, property: "data" },
};
