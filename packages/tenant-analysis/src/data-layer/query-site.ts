/**
 * A database call site in neutral words: which model it touches and how that model is owned,
 * what it does, its filter as a predicate, what it writes. Data-layer adapters turn their
 * library's syntax into these; `require-tenant-filter` and `require-tenant-on-write` read
 * nothing else.
 */
import type ts from "typescript";
import type { Evidence } from "../evidence/evidence.js";
import type { AnalysisContext, TextEdit } from "../types.js";
import type { FileFacts } from "../file-facts.js";
import type { OwnershipView } from "./filter-scope.js";
import type { Predicate } from "./predicate.js";

export type QueryOperation = "read" | "update" | "delete" | "insert" | "upsert" | "replace";

/** Whether written rows carry the tenant (the tenant field, or a connection to the tenant's row). */
export interface WrittenDocument {
  /** The document as written, when it is one expression (for the suggestion). */
  readonly node?: ts.Expression;
  readonly evidence: Evidence;
}

/** The library's own words where messages need them. */
export interface SiteWording {
  /** How a disjunction is written (`$or`, `OR`). */
  readonly or?: string;
  /** The stage an aggregation must start with (`$match`). */
  readonly firstStage?: string;
  /** The scoped operation to use instead of an unscopable one (`countDocuments`). */
  readonly alternative?: string;
  /** Where an upsert's inserted row takes fields from besides the filter (`$setOnInsert`, `create`). */
  readonly insertPart?: string;
}

export interface SiteSuggestions {
  /** Edits adding the tenant property to the filter. */
  readonly filter?: (property: string) => readonly TextEdit[] | undefined;
  /** Edits adding the tenant property to the written document. */
  readonly document?: (property: string) => readonly TextEdit[] | undefined;
  /** A lookup by key rewritten as a filtered lookup: the operation to use and the edits. */
  readonly keyLookup?: (
    property: string,
  ) => { readonly replacement: string; readonly edits: readonly TextEdit[] } | undefined;
}

export interface QuerySite {
  /** The call (or construction, or tagged SQL template) the finding points at. */
  readonly node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  /** The operation as written, for messages (`findMany`, `new Campaign`). */
  readonly method: string;
  /**
   * The statement the site belongs to, when one statement reads several tables (a select and its
   * joins, each its own site): a statement is reported once, at its first unscoped table.
   * Sites of one raw SQL statement share their node instead.
   */
  readonly statement?: ts.Node;
  /** The model or table, for messages. */
  readonly target: string;
  readonly view: OwnershipView;
  readonly operation: QueryOperation;
  /**
   * A lookup by a unique key (`findById(id)`, `findUnique({ where: { id } })`): scoped when the key
   * holds the tenant, else when the function authorises the loaded row. `writes`: the operation
   * changes the row at once, so only an earlier authorised read can vouch for it.
   */
  readonly byKey?: { readonly writes: boolean };
  /** The filter, for every operation but inserts. */
  readonly filter?: Predicate;
  /** `pipeline`: the filter is the pipeline's first stage; `unscopable`: the operation takes no filter. */
  readonly filterForm?: "pipeline" | "unscopable";
  /** Inserted rows; for an upsert, what it may insert; for a replacement, the new row. */
  readonly documents?: readonly WrittenDocument[];
  /** How an update changes the tenant field, for the message (`$set`, `workspaceId in data`). */
  readonly reassignment?: string;
  /** The client's input used as the update (mass assignment), abbreviated for the message. */
  readonly updateFromClient?: string;
  /** Scoped by construction (a tenant-enforcing client): why, for the report. */
  readonly enforced?: string;
  /**
   * The model could not be identified (a generic repository's table parameter): the site is
   * scoped if its filter or rows carry a tenant field all the same, and undecided (with this
   * reason) otherwise.
   */
  readonly unknownModel?: string;
  /** The site cannot be decided at all (raw SQL before the SQL reader, a tenancy plugin): why. */
  readonly undecided?: string;
  readonly wording?: SiteWording;
  readonly suggestions?: SiteSuggestions;
}

/** What one data layer finds in a file: its sites, and calls it recognised but could not decide. */
export interface DataLayerSites {
  readonly sites: readonly QuerySite[];
  /** Calls that look like this layer's queries on receivers it could not classify, with why. */
  readonly undecided: readonly { readonly node: ts.Node; readonly reason: string }[];
  /** This layer's calls on global models: not examined, and no other layer's look-alikes either. */
  readonly global?: readonly ts.Node[];
}

/** One database library's reading of a file. Adding a data layer is adding one of these. */
export interface DataLayerAdapter {
  readonly layer: string;
  querySites(sourceFile: ts.SourceFile, facts: FileFacts, context: AnalysisContext): DataLayerSites;
}

/** The tenant field a message names for a site: the model's own, else the first configured one. */
export function siteTenantField(site: QuerySite, context: AnalysisContext): string {
  return site.view.ownership.kind === "tenant-owned" ? site.view.ownership.field : context.settings.tenantFields[0]!;
}

/**
 * The tenant property a filter suggestion adds for a site: as it is on a tenant-owned model, and
 * under the owning relation on a model owned through one (`campaign: { tenantId }`), never under
 * a field the model does not have. Only object-shaped filters offer such edits.
 */
export function siteFilterProperty(site: QuerySite, property: string): string {
  const { ownership } = site.view;
  if (ownership.kind !== "owned-through") return property;
  return ownership.path.reduceRight((inner, relation) => `${relation}: { ${inner} }`, property);
}
