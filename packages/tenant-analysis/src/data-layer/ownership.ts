/**
 * Which models hold tenant data (CONTRACT.md, "Data layers"), decided from the schema alone:
 * tenant-owned (a tenant field), owned through a required relation to such a model, the tenant
 * registry (what a tenant field refers to), or global. `globalCollections` wins over all of them.
 */
import type { TenantSettings } from "../settings.js";
import type { DataField, DataModel, DataSchema, Ownership } from "./schema.js";

/** Relations followed from a model towards its tenant-owned owner: `Comment → Post → Project` is two. */
const maxHops = 3;

const cache = new WeakMap<DataSchema, WeakMap<TenantSettings, Map<DataModel, Ownership>>>();

const registryCache = new WeakMap<DataSchema, WeakMap<TenantSettings, Map<DataModel, readonly string[]>>>();

/**
 * The id fields of a model that some tenant field refers to, whatever its own ownership: a
 * `Project` that belongs to a workspace (`workspaceId`) is still what `projectId` names, so a
 * lookup of it by its own id equal to a tenant value is scoped.
 */
export function registryKeysOf(
  model: DataModel,
  schema: DataSchema,
  settings: TenantSettings,
): readonly string[] | undefined {
  let bySettings = registryCache.get(schema);
  if (!bySettings) {
    bySettings = new WeakMap();
    registryCache.set(schema, bySettings);
  }
  let table = bySettings.get(settings);
  if (!table) {
    table = registries(schema, settings);
    bySettings.set(settings, table);
  }
  return table.get(model);
}

export function ownershipOf(model: DataModel, schema: DataSchema, settings: TenantSettings): Ownership {
  let bySettings = cache.get(schema);
  if (!bySettings) {
    bySettings = new WeakMap();
    cache.set(schema, bySettings);
  }
  let table = bySettings.get(settings);
  if (!table) {
    table = decideAll(schema, settings);
    bySettings.set(settings, table);
  }
  return table.get(model) ?? decide(model, schema, settings, registries(schema, settings));
}

/**
 * The tenant field a model declares, by its name in code: a field named like a tenant field, in
 * camelCase or snake_case (`tenantId`, `tenant_id`), or mapped to such a column
 * (`tenant String @map("tenant_id")`). Relation fields are not values: `tenant Tenant` is not one.
 */
export function tenantFieldOf(model: DataModel, settings: TenantSettings): string | undefined {
  const wanted = tenantNames(settings);
  for (const field of model.fields.values()) {
    // A Prisma relation field (`tenant Tenant`) is not a value; a SQL foreign key column (`tenant_id REFERENCES tenants`) is.
    if (field.relation && !field.relation.fields.includes(field.name)) continue;
    if (wanted.has(field.name) || (field.column !== undefined && wanted.has(field.column))) return field.name;
  }
  return undefined;
}

function decideAll(schema: DataSchema, settings: TenantSettings): Map<DataModel, Ownership> {
  const registry = registries(schema, settings);
  const table = new Map<DataModel, Ownership>();
  for (const model of new Set(schema.models.values())) table.set(model, decide(model, schema, settings, registry));
  return table;
}

function decide(
  model: DataModel,
  schema: DataSchema,
  settings: TenantSettings,
  registry: ReadonlyMap<DataModel, readonly string[]>,
): Ownership {
  if (isDeclaredGlobal(model, settings)) return { kind: "global" };
  const field = tenantFieldOf(model, settings);
  if (field !== undefined) return { kind: "tenant-owned", field };
  // Before relations: a tenant's own row (`Workspace`) may require an owner (`ownerId → User`)
  // whose table is tenant-owned, and is still the registry, not owned through that user.
  const idFields = registry.get(model);
  if (idFields) return { kind: "registry", idFields };
  return ownerPath(model, schema, settings) ?? { kind: "global" };
}

function isDeclaredGlobal(model: DataModel, settings: TenantSettings): boolean {
  return model.names.some((name) => settings.globalCollections.includes(name));
}

/**
 * The shortest chain of required relations (the side holding a foreign key that is not optional)
 * from `model` to a tenant-owned model, breadth first; each model is entered once, so cycles end.
 */
function ownerPath(model: DataModel, schema: DataSchema, settings: TenantSettings): Ownership | undefined {
  const seen = new Set<DataModel>([model]);
  let level: { model: DataModel; path: string[] }[] = [{ model, path: [] }];
  for (let hop = 1; hop <= maxHops && level.length > 0; hop += 1) {
    const next: typeof level = [];
    for (const { model: from, path } of level) {
      for (const field of from.fields.values()) {
        if (!field.relation?.required) continue;
        const target = schema.models.get(field.relation.model);
        if (!target || seen.has(target) || isDeclaredGlobal(target, settings)) continue;
        seen.add(target);
        const through = [...path, field.name];
        if (tenantFieldOf(target, settings) !== undefined)
          return { kind: "owned-through", path: through, owner: target.name };
        next.push({ model: target, path: through });
      }
    }
    level = next;
  }
  return undefined;
}

/**
 * The registry models and their id fields. A tenant field's declared relation names it
 * (`workspace Workspace @relation(fields: [workspaceId], references: [id])`). A tenant field that
 * no relation anywhere uses (a bare `workspaceId String`) falls back to the model named like the
 * field without its `Id`/`_id` (`Workspace`, or `workspaces`, by model or table name, case-insensitively), with
 * its first unique key (`@id`) as the id.
 */
function registries(schema: DataSchema, settings: TenantSettings): Map<DataModel, readonly string[]> {
  const wanted = tenantNames(settings);
  const found = new Map<DataModel, readonly string[]>();
  const related = new Set<string>();
  const models = new Set(schema.models.values());
  for (const model of models) {
    for (const field of model.fields.values()) {
      const relation = field.relation;
      if (!relation || relation.fields.length === 0) continue;
      const tenantKeys = relation.fields.filter((name) => isTenantField(model.fields.get(name), name, wanted));
      if (tenantKeys.length === 0) continue;
      for (const name of tenantKeys) related.add(canonical(model.fields.get(name)?.column ?? name));
      const target = schema.models.get(relation.model);
      if (target && !found.has(target)) found.set(target, relation.references);
    }
  }
  for (const name of settings.tenantFields) {
    if (related.has(canonical(name))) continue;
    const stem = stemOf(name);
    if (stem === undefined) continue;
    // Tables are usually named in the plural (`workspaces` for `workspaceId`).
    const spellings = [stem.toLowerCase(), `${stem.toLowerCase()}s`];
    const target = [...models].find((model) =>
      [model.name, ...model.names].some((candidate) => spellings.includes(candidate.toLowerCase())),
    );
    const id = target?.uniqueKeys[0];
    if (target && id && !found.has(target)) found.set(target, id);
  }
  return found;
}

function isTenantField(field: DataField | undefined, name: string, wanted: ReadonlySet<string>): boolean {
  return wanted.has(name) || (field?.column !== undefined && wanted.has(field.column));
}

/** `workspaceId` → `workspace`, `tenant_id` → `tenant`; a field not ending in an id has no model. */
function stemOf(name: string): string | undefined {
  if (name.length > 2 && name.endsWith("Id")) return name.slice(0, -2);
  if (name.length > 3 && name.endsWith("_id")) return name.slice(0, -3).replace(/_/gu, "");
  return undefined;
}

/** The names a tenant field goes by: as configured, and in snake_case (`tenantId` → `tenant_id`). */
function tenantNames(settings: TenantSettings): ReadonlySet<string> {
  return new Set(settings.tenantFields.flatMap((name) => [name, snakeCase(name)]));
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/gu, "$1_$2").toLowerCase();
}

/** One spelling for `tenantId` and `tenant_id`, to tell whether a configured field was seen in a relation. */
function canonical(name: string): string {
  return name.replace(/_/gu, "").toLowerCase();
}
