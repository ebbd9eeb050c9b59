/**
 * Known non-targets: objects whose `find`, `get`, `add`, `set`, `del` are not database,
 * Redis or queue operations. A receiver proven to be one of these is never reported.
 */

/** Global constructors whose instances are in-memory collections or request helpers. */
export const nonTargetConstructors: ReadonlySet<string> = new Set([
  "Array",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "URLSearchParams",
  "Headers",
  "FormData",
  "Date",
  "Promise",
  "Error",
  "DOMTokenList",
]);

/** Modules whose exports are utilities or in-process queues, never tenant data stores. */
export const nonTargetModules: ReadonlySet<string> = new Set([
  "lodash",
  "lodash-es",
  "lodash/fp",
  "underscore",
  "ramda",
  "immutable",
  "p-queue",
  "p-limit",
  "async",
  "dayjs",
  "moment",
  "luxon",
  "date-fns",
  "fastq",
  "lru-cache",
  "quick-lru",
  "node-cache",
  "keyv",
  // Firestore: its `db.collection("x")` is not a MongoDB collection.
  "firebase-admin",
  "firebase-admin/firestore",
  "firebase/firestore",
  "@firebase/firestore",
  "@google-cloud/firestore",
]);

/** Global objects that are never receivers. */
export const nonTargetGlobals: ReadonlySet<string> = new Set([
  "Object",
  "Array",
  "JSON",
  "Math",
  "Reflect",
  "Promise",
  "document",
  "window",
  "navigator",
  "localStorage",
  "sessionStorage",
  "process",
  "globalThis",
  "Intl",
  "Number",
  "String",
]);

/** Array methods whose result is again an array (so `xs.filter(...).find(...)` is an array `find`). */
export const arrayReturningMethods: ReadonlySet<string> = new Set([
  "filter",
  "map",
  "flatMap",
  "slice",
  "concat",
  "sort",
  "reverse",
  "flat",
  "toSorted",
  "toReversed",
  "keys",
  "values",
  "entries",
  "from",
  "of",
  "split",
  "match",
  "matchAll",
  "getAll",
]);
