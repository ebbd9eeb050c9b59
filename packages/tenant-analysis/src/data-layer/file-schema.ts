/**
 * A project's schema with the models the linted file declares itself in front: TypeORM entities
 * and a Kysely `Database` interface are TypeScript, so an editor's unsaved buffer (or a
 * RuleTester case) declares models the schema loader has not read from disk.
 */
import type { DataModel, DataSchema } from "./schema.js";

const merged = new WeakMap<readonly DataModel[], WeakMap<DataSchema | object, DataSchema>>();
const noSchema = {};

export function withFileModels(schema: DataSchema | undefined, own: readonly DataModel[]): DataSchema | undefined {
  if (own.length === 0) return schema;
  let bySchema = merged.get(own);
  if (!bySchema) {
    bySchema = new WeakMap();
    merged.set(own, bySchema);
  }
  const key = schema ?? noSchema;
  let result = bySchema.get(key);
  if (!result) {
    const models = new Map<string, DataModel>();
    for (const model of own) for (const name of model.names) if (!models.has(name)) models.set(name, model);
    for (const [name, model] of schema?.models ?? []) if (!models.has(name)) models.set(name, model);
    result = { models, sources: schema?.sources ?? [] };
    bySchema.set(key, result);
  }
  return result;
}
