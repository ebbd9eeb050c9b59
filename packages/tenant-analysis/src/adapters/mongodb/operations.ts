/**
 * The query surface shared by Mongoose models and MongoDB driver collections:
 * which argument of each method is the filter, the update, the document, the options.
 */

export type DbOperation =
  | {
      readonly op: "filter";
      readonly filterArg: number;
      readonly updateArg?: number;
      readonly optionsArg?: number;
      readonly replacementArg?: number;
      readonly deletes?: boolean;
    }
  | { readonly op: "byId"; readonly writes: boolean; readonly updateArg?: number; readonly replacement: string }
  | { readonly op: "aggregate" }
  | { readonly op: "bulkWrite" }
  | { readonly op: "insert"; readonly many: boolean }
  | { readonly op: "unscopable" };

export const mongoOperations: Readonly<Record<string, DbOperation>> = {
  find: { op: "filter", filterArg: 0 },
  findOne: { op: "filter", filterArg: 0 },
  countDocuments: { op: "filter", filterArg: 0 },
  count: { op: "filter", filterArg: 0 },
  exists: { op: "filter", filterArg: 0 },
  distinct: { op: "filter", filterArg: 1 },
  deleteOne: { op: "filter", filterArg: 0, deletes: true },
  deleteMany: { op: "filter", filterArg: 0, deletes: true },
  remove: { op: "filter", filterArg: 0, deletes: true },
  findOneAndDelete: { op: "filter", filterArg: 0, deletes: true },
  findOneAndRemove: { op: "filter", filterArg: 0, deletes: true },
  updateOne: { op: "filter", filterArg: 0, updateArg: 1, optionsArg: 2 },
  updateMany: { op: "filter", filterArg: 0, updateArg: 1, optionsArg: 2 },
  update: { op: "filter", filterArg: 0, updateArg: 1, optionsArg: 2 },
  findOneAndUpdate: { op: "filter", filterArg: 0, updateArg: 1, optionsArg: 2 },
  replaceOne: { op: "filter", filterArg: 0, replacementArg: 1, optionsArg: 2 },
  findOneAndReplace: { op: "filter", filterArg: 0, replacementArg: 1, optionsArg: 2 },
  findById: { op: "byId", writes: false, replacement: "findOne" },
  findByIdAndUpdate: { op: "byId", writes: true, updateArg: 1, replacement: "findOneAndUpdate" },
  findByIdAndDelete: { op: "byId", writes: true, replacement: "findOneAndDelete" },
  findByIdAndRemove: { op: "byId", writes: true, replacement: "findOneAndDelete" },
  aggregate: { op: "aggregate" },
  bulkWrite: { op: "bulkWrite" },
  create: { op: "insert", many: true },
  insertOne: { op: "insert", many: false },
  insertMany: { op: "insert", many: true },
  estimatedDocumentCount: { op: "unscopable" },
};

/**
 * Methods distinctive enough that an unknown receiver calling them is counted as an
 * undecided query site (`unverified`). Generic names (`find`, `count`, `create`) are not:
 * arrays and many other objects have them.
 */
export const distinctiveMongoMethods: ReadonlySet<string> = new Set([
  "findOne",
  "findById",
  "findByIdAndUpdate",
  "findByIdAndDelete",
  "findOneAndUpdate",
  "findOneAndDelete",
  "findOneAndReplace",
  "updateOne",
  "updateMany",
  "deleteOne",
  "deleteMany",
  "countDocuments",
  "insertOne",
  "insertMany",
  "bulkWrite",
]);
