/**
 * What the schema sources of a project (`schema.prisma`, Mongoose `Schema`s, Drizzle tables,
 * TypeORM entities, SQL DDL) say about its models, in one neutral shape: fields, relations,
 * unique keys, and from those, which models are tenant-owned, owned through a relation, the
 * tenant registry, or global (CONTRACT.md, "Data layers").
 */

export interface SchemaLocation {
  /** Absolute path of the schema file. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

export interface DataRelation {
  /** The related model's name (`Workspace`). */
  readonly model: string;
  /** The local fields holding the foreign key (`["workspaceId"]`); empty on the side without them. */
  readonly fields: readonly string[];
  /** The related model's fields they reference (`["id"]`). */
  readonly references: readonly string[];
  /** The relation must be set on every row (a required foreign key, not `Workspace?`, not a list). */
  readonly required: boolean;
  /** A to-many side (`comments Comment[]`). */
  readonly list: boolean;
  /** The relation's name, when the schema gives one (`@relation("Author", …)`). */
  readonly name?: string;
  /** The field on the related model that is the other side of this relation (`runs` for `workspace`). */
  readonly inverse?: string;
}

export interface DataField {
  readonly name: string;
  /** The database column (`@map("workspace_id")`), when it differs from the name. */
  readonly column?: string;
  /** Present when the field is a relation to another model. */
  readonly relation?: DataRelation;
  /** A scalar that may be null (`String?`). */
  readonly optional: boolean;
}

export interface DataModel {
  /** The model's own name (`Campaign`). */
  readonly name: string;
  /** Every name code may use for it: the model name, its client accessor (`campaign`), its table (`@@map("campaigns")`). */
  readonly names: readonly string[];
  readonly fields: ReadonlyMap<string, DataField>;
  /** Field lists that identify one row: `@id`, `@unique`, `@@id([...])`, `@@unique([...])`. */
  readonly uniqueKeys: readonly (readonly string[])[];
  /**
   * Keys of several fields by the name a query uses for them (`id_workspaceId: { id, workspaceId }`
   * in a Prisma `where`): the schema's own name (`@@unique([a, b], name: "runKey")`), else the fields
   * joined by `_`.
   */
  readonly compoundKeys?: ReadonlyMap<string, readonly string[]>;
  /** The database table, when it differs from the name (`@@map("campaign_runs")`). */
  readonly table?: string;
  readonly location?: SchemaLocation;
  /** The library whose schema declares it (`prisma`, `drizzle`): a query of one library never names another's model. */
  readonly library?: string;
}

export interface DataSchema {
  /** Every model, by each of its names. */
  readonly models: ReadonlyMap<string, DataModel>;
  /** The schema files that were read, absolute paths, sorted. */
  readonly sources: readonly string[];
}

export type Ownership =
  /** The model declares a tenant field (`workspaceId`, or `workspace_id` for `tenantFields: ["workspaceId"]`). */
  | { readonly kind: "tenant-owned"; readonly field: string }
  /**
   * No tenant field, but a required relation reaches a tenant-owned model: scoped when the filter
   * goes through `path` (`where: { document: { workspaceId } }`). `path` lists relation fields in order.
   */
  | { readonly kind: "owned-through"; readonly path: readonly string[]; readonly owner: string }
  /** The model a tenant field refers to (`Workspace` for `workspaceId`): its id is the tenant. */
  | { readonly kind: "registry"; readonly idFields: readonly string[] }
  | { readonly kind: "global" };

/** A schema file that could not be read or parsed: the CLI exits 2 with it, ESLint reports it once. */
export class SchemaError extends Error {
  readonly location: SchemaLocation;
  /** What is wrong, without the location (hosts print the file relative to their root). */
  readonly problem: string;
  constructor(location: SchemaLocation, problem: string) {
    super(`${location.file}:${location.line}: ${problem}`);
    this.name = "SchemaError";
    this.location = location;
    this.problem = problem;
  }
}
