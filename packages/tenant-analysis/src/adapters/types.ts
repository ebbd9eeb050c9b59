/**
 * The declarative shape of per-library knowledge. Adding a library is adding one file
 * that exports a `LibraryAdapter` and listing it in `index.ts`.
 */

/** `database`: a client whose members reach the models (`prisma.campaign`), as opposed to one model or collection. */
export type TargetKind = "model" | "collection" | "database" | "redis" | "queue" | "logger" | "llm";

export interface LibraryAdapter {
  readonly library: string;
  readonly kind: TargetKind;
  /** Import specifiers the library is loaded from. */
  readonly modules: readonly string[];
  /** What the default (or `import x = require()`) export makes: `new X()` / `X()` / a namespace. */
  readonly defaultExport?: "construct" | "call" | "construct-or-call" | "namespace";
  /** Named exports (or namespace members) constructed with `new` to make a receiver: `new Redis()`, `new Queue()`. */
  readonly constructs?: readonly string[];
  /** Named exports (or namespace members) called to make a receiver: `createClient()`, `mongoose.model()`. */
  readonly factories?: readonly string[];
  /** Methods that, called on any object with a string first argument, return a receiver: `db.collection("x")`. */
  readonly factoryMethods?: readonly string[];
  /** Methods of a receiver that return another receiver of the same kind: `.pipeline()`, `.child()`. */
  readonly derivingMethods?: readonly string[];
  /** Methods whose callback gets a receiver of the same kind as its first parameter: `$transaction(async (tx) => …)`. */
  readonly callbackReceivers?: readonly string[];
  /** Exports distinctive enough to recognise the library from any module: a generated client's `PrismaClient`. */
  readonly distinctiveExports?: readonly string[];
  /** Derived receivers whose command methods return the receiver again (chainable pipelines). */
  readonly chainingMethods?: readonly string[];
  /** Global objects that are receivers of this kind when not shadowed (`console`). */
  readonly globals?: readonly string[];
  /** Names of the library's declared types that are receivers (matched with type information or annotations). */
  readonly typeNames: readonly string[];
  /** A prefix matching further declared type names (node-redis' many `RedisClient…Type` aliases). */
  readonly typeNamePrefix?: string;
  /**
   * The calls a check examines on a receiver of this kind, as member paths from the receiver:
   * `info` on a logger, `chat.completions.create` on an OpenAI client (nested resources).
   */
  readonly callPaths?: readonly string[];
  /** Named exports (or namespace members) that are themselves examined calls: `generateText` from "ai". */
  readonly callableExports?: readonly string[];
  /** The library's namespace import is itself a receiver: `winston.info(…)` logs through winston's default logger. */
  readonly namespaceIsReceiver?: boolean;
}

/** Libraries whose objects are never receivers: their `find`, `get`, `add` mean something else. */
export interface NonTargetLibrary {
  readonly modules: readonly string[];
}
