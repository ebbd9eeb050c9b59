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
  /**
   * Methods whose callback gets an object some of whose properties are receivers of this kind,
   * destructured: Inngest's `createFunction(…, async ({ event, step }) => …)` (`{ createFunction: ["step"] }`).
   */
  readonly callbackProperties?: Readonly<Record<string, readonly string[]>>;
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
  /** Named exports that are receivers as imported: Trigger.dev's `tasks`. */
  readonly receiverExports?: readonly string[];
  /** Static methods of a named export that make a receiver: `Redis.fromEnv()` (`{ Redis: ["fromEnv"] }`). */
  readonly staticFactories?: Readonly<Record<string, readonly string[]>>;
  /**
   * Where the construction that made a queue names it, for `globalKeys`: an argument's index
   * (`new Queue("emails")`), or a property of its first argument (`task({ id: "digest" })`).
   * Absent: the receiver is not one named queue (`new PgBoss(url)`, `new Agenda({ … })`).
   */
  readonly originName?: number | string;
  /** A queue's methods that add jobs, and where each one's job data is. */
  readonly jobMethods?: Readonly<Record<string, JobPayload>>;
  /** How the library is handed the function that processes a job, and where that function reads the payload. */
  readonly processors?: readonly JobProcessor[];
}

/**
 * A job processor: `new Worker(name, async (job) => …)`, `task({ id, run: async (payload) => … })`,
 * `inngest.createFunction(config, trigger, async ({ event }) => …)`. What it reads from the
 * payload was written by the code that enqueued the job.
 */
export interface JobProcessor {
  /** Handed to `new <construct>(…)`, a call of `<factory>(…)`, or a `.<method>(…)` call. */
  readonly construct?: string;
  readonly factory?: string;
  readonly method?: string;
  /** The argument holding the function; `last` for the last one. */
  readonly argument: number | "last";
  /** The function is this property of that (options object) argument: Trigger.dev's `run`. */
  readonly option?: string;
  /** The payload, as a member path from the function's first parameter: `data` (`job.data`), `event.data`, `""` (the parameter itself). */
  readonly payload: string;
}

/**
 * Where a job-adding method carries its job data. With neither `property` nor `list`, the
 * argument is the data itself (`emails.add("send", data)`: `{ argument: 1 }`).
 */
export interface JobPayload {
  /** The argument that holds the data, the job object (with `property`) or the jobs (with `list`). */
  readonly argument: number;
  /** The data is this property of a job object: `{ name, data }`, Trigger.dev's `{ payload }`. */
  readonly property?: string;
  /** The argument is a list of job objects; `either`: one job object or a list (`inngest.send(event | events)`). */
  readonly list?: true | "either";
  /** Child jobs under this property of a job object carry their own data: a BullMQ flow's `children`. */
  readonly children?: string;
  /** Where the job's name is, for `globalKeys`: an argument's index, or a property of the job object. */
  readonly name?: number | string;
  /** Bull's `add([name,] data[, opts])`: the data is the first argument unless a name comes first. */
  readonly nameOptional?: true;
  /** pg-boss `send({ name, data, options })`: when the first argument is an object, not a name, it is read like this. */
  readonly orRequest?: JobPayload;
  /** A method that only queues have (`addBulk`, `sendThrottled`): on an unknown receiver it is counted as unverified. */
  readonly distinctive?: true;
}

/** Libraries whose objects are never receivers: their `find`, `get`, `add` mean something else. */
export interface NonTargetLibrary {
  readonly modules: readonly string[];
}
