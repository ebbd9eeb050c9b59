/** TypeORM's repository methods, what each does, and which argument holds its filter or rows. */
import type { QueryOperation } from "../../data-layer/query-site.js";

export interface TypeormOperation {
  readonly operation: QueryOperation;
  /**
   * Where the filter is: `options` (`find({ where })`), `where` (`findBy(where)`, a where object
   * or an array of them), `criteria` (`update(criteria, …)`: a where object, an id or ids),
   * `none` (`clear()`: every row). Absent for inserts.
   */
  readonly filter?: "options" | "where" | "criteria" | "none";
  /** The argument index of the filter (0 on a repository; the entity manager's first argument is the entity). */
  readonly at?: number;
  /** Returns one row: a where pinning a unique key alone is a lookup by key. */
  readonly one?: true;
  /** The argument holding inserted rows (an entity-like object or an array of them). */
  readonly rows?: number;
  /** The argument holding changed fields of an update. */
  readonly changes?: number;
  /** `create`: builds an entity in memory; checked here like a document constructed for insertion. */
  readonly builds?: true;
}

export const typeormOperations: Readonly<Record<string, TypeormOperation>> = {
  find: { operation: "read", filter: "options" },
  findOne: { operation: "read", filter: "options", one: true },
  findOneOrFail: { operation: "read", filter: "options", one: true },
  findAndCount: { operation: "read", filter: "options" },
  count: { operation: "read", filter: "options" },
  exists: { operation: "read", filter: "options" },
  findBy: { operation: "read", filter: "where" },
  findOneBy: { operation: "read", filter: "where", one: true },
  findOneByOrFail: { operation: "read", filter: "where", one: true },
  findAndCountBy: { operation: "read", filter: "where" },
  countBy: { operation: "read", filter: "where" },
  existsBy: { operation: "read", filter: "where" },
  sum: { operation: "read", filter: "where", at: 1 },
  average: { operation: "read", filter: "where", at: 1 },
  minimum: { operation: "read", filter: "where", at: 1 },
  maximum: { operation: "read", filter: "where", at: 1 },
  update: { operation: "update", filter: "criteria", changes: 1 },
  increment: { operation: "update", filter: "criteria" },
  decrement: { operation: "update", filter: "criteria" },
  delete: { operation: "delete", filter: "criteria" },
  softDelete: { operation: "delete", filter: "criteria" },
  restore: { operation: "update", filter: "criteria" },
  clear: { operation: "delete", filter: "none" },
  insert: { operation: "insert", rows: 0 },
  save: { operation: "insert", rows: 0 },
  upsert: { operation: "upsert", rows: 0 },
  create: { operation: "insert", rows: 0, builds: true },
};

/** Methods that make a repository of the entity given as their argument. */
export const repositoryFactories: ReadonlySet<string> = new Set([
  "getRepository",
  "getTreeRepository",
  "getMongoRepository",
  "withRepository",
]);

/** Query builders and raw SQL: SQL text, read by the SQL reader (query-builder.ts, sql-sites.ts). */
export const sqlMethods: ReadonlySet<string> = new Set(["createQueryBuilder", "query"]);

/** Where-operator helpers exported by typeorm, and whether they pin the field to their argument. */
export const findOperators: Readonly<Record<string, "pins" | "null" | "not" | "other">> = {
  Equal: "pins",
  In: "pins",
  IsNull: "null",
  Not: "not",
  Any: "pins",
  ArrayContains: "other",
  ArrayContainedBy: "other",
  ArrayOverlap: "other",
  Between: "other",
  ILike: "other",
  Like: "other",
  LessThan: "other",
  LessThanOrEqual: "other",
  MoreThan: "other",
  MoreThanOrEqual: "other",
  Raw: "other",
  And: "other",
  Or: "other",
  JsonContains: "other",
};
