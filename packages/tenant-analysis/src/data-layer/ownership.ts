/**
 * How a model of the schema is owned (CONTRACT.md, "Data layers"): by a tenant field of its own,
 * through a required relation to a tenant-owned model, as the tenant registry itself, or not at all.
 */
import type { TenantSettings } from "../settings.js";
import type { DataModel, DataSchema, Ownership } from "./schema.js";

const cache = new WeakMap<DataSchema, Map<string, Ownership>>();
const maxHops = 3;

/** `tenantId` → `tenant_id`: schemas may name the column the way the database does. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/gu, (letter) => `_${letter.toLowerCase()}`);
}

/** The model's field that carries the tenant, by name, snake_case name or mapped column. */
export function tenantFieldOf(model: DataModel, settings: TenantSettings): string | undefined {
  for (const wanted of settings.tenantFields) {
    if (wanted.includes(".")) continue;
    for (const field of model.fields.values()) {
      if (field.relation) continue;
      if (field.name === wanted || field.name === snakeCase(wanted) || field.column === wanted || field.column === snakeCase(wanted)) return field.name;
    }
  }
  return undefined;
}

export function ownershipOf(model: DataModel, schema: DataSchema, settings: TenantSettings): Ownership {
  let byModel = cache.get(schema);
  if (!byModel) {
    byModel = new Map();
    cache.set(schema, byModel);
  }
  const key = `${model.name}\u0000${settings.tenantFields.join(",")}\u0000${settings.globalCollections.join(",")}`;
  const cached = byModel.get(key);
  if (cached) return cached;
  const ownership = compute(model, schema, settings);
  byModel.set(key, ownership);
  return ownership;
}

function compute(model: DataModel, schema: DataSchema, settings: TenantSettings): Ownership {
  if (model.names.some((name) => settings.globalCollections.includes(name))) return { kind: "global" };
  const field = tenantFieldOf(model, settings);
  if (field !== undefined) return { kind: "tenant-owned", field };
  if (isRegistry(model, schema, settings)) return { kind: "registry", idFields: model.uniqueKeys.filter((key) => key.length === 1).map((key) => key[0]!) };
  const path = pathToOwner(model, schema, settings);
  return path ? { kind: "owned-through", path: path.relations, owner: path.owner } : { kind: "global" };
}

/** Some tenant-owned model's tenant field refers to this model. */
function isRegistry(model: DataModel, schema: DataSchema, settings: TenantSettings): boolean {
  for (const other of new Set(schema.models.values())) {
    const field = tenantFieldOf(other, settings);
    if (field === undefined) continue;
    for (const candidate of other.fields.values()) {
      if (candidate.relation?.model === model.name && candidate.relation.fields.includes(field)) return true;
    }
  }
  return false;
}

/** The shortest chain of required relations from the model to a tenant-owned one. */
function pathToOwner(model: DataModel, schema: DataSchema, settings: TenantSettings): { relations: string[]; owner: string } | undefined {
  const seen = new Set([model.name]);
  let frontier: { model: DataModel; relations: string[] }[] = [{ model, relations: [] }];
  for (let hop = 0; hop < maxHops; hop += 1) {
    const next: typeof frontier = [];
    for (const { model: current, relations } of frontier) {
      for (const field of current.fields.values()) {
        const relation = field.relation;
        if (!relation || !relation.required || relation.list || relation.fields.length === 0) continue;
        const related = schema.models.get(relation.model);
        if (!related || seen.has(related.name)) continue;
        seen.add(related.name);
        const path = [...relations, field.name];
        if (tenantFieldOf(related, settings) !== undefined) return { relations: path, owner: related.name };
        next.push({ model: related, relations: path });
      }
    }
    frontier = next;
  }
  return undefined;
}
