/** Prisma's model operations, and which argument property holds the filter and the written rows. */
import type { QueryOperation } from "../../data-layer/query-site.js";

export interface PrismaOperation {
  readonly operation: QueryOperation;
  /** `where` selects one row by a unique key (`findUnique`, `update`, `delete`, `upsert`). */
  readonly unique: boolean;
  /** `data` (or `create` of an upsert) holds rows to insert. */
  readonly inserts?: "data" | "create";
  /** `data` (or `update` of an upsert) holds fields to change. */
  readonly updates?: "data" | "update";
  /** Names only Prisma uses: any receiver calling them on a schema model is a Prisma client. */
  readonly distinctive: boolean;
}

export const prismaOperations: Readonly<Record<string, PrismaOperation>> = {
  findMany: { operation: "read", unique: false, distinctive: true },
  findFirst: { operation: "read", unique: false, distinctive: true },
  findFirstOrThrow: { operation: "read", unique: false, distinctive: true },
  findUnique: { operation: "read", unique: true, distinctive: true },
  findUniqueOrThrow: { operation: "read", unique: true, distinctive: true },
  count: { operation: "read", unique: false, distinctive: false },
  aggregate: { operation: "read", unique: false, distinctive: false },
  groupBy: { operation: "read", unique: false, distinctive: true },
  update: { operation: "update", unique: true, updates: "data", distinctive: false },
  updateMany: { operation: "update", unique: false, updates: "data", distinctive: true },
  updateManyAndReturn: { operation: "update", unique: false, updates: "data", distinctive: true },
  delete: { operation: "delete", unique: true, distinctive: false },
  deleteMany: { operation: "delete", unique: false, distinctive: true },
  create: { operation: "insert", unique: false, inserts: "data", distinctive: false },
  createMany: { operation: "insert", unique: false, inserts: "data", distinctive: true },
  createManyAndReturn: { operation: "insert", unique: false, inserts: "data", distinctive: true },
  upsert: { operation: "upsert", unique: true, inserts: "create", updates: "update", distinctive: false },
};

/** Keys of a Prisma operation's argument object: a call with others is not a Prisma call. */
export const argumentKeys: ReadonlySet<string> = new Set([
  "where",
  "data",
  "select",
  "include",
  "omit",
  "orderBy",
  "take",
  "skip",
  "cursor",
  "distinct",
  "by",
  "_count",
  "_sum",
  "_avg",
  "_min",
  "_max",
  "having",
  "create",
  "update",
  "skipDuplicates",
  "relationLoadStrategy",
]);
