/** A schema model's ownership as the filter evaluator sees it: its own, and that of each model a relation reaches. */
import type { AnalysisContext } from "../types.js";
import type { OwnershipView } from "./filter-scope.js";
import { ownershipOf, registryKeysOf } from "./ownership.js";
import type { DataModel, DataSchema } from "./schema.js";

export function ownershipView(model: DataModel, schema: DataSchema, context: AnalysisContext): OwnershipView {
  const registryKeys = registryKeysOf(model, schema, context.settings);
  return {
    ownership: ownershipOf(model, schema, context.settings),
    ...(registryKeys ? { registryKeys } : {}),
    through: (relation) => {
      const related = model.fields.get(relation)?.relation?.model;
      const target = related === undefined ? undefined : schema.models.get(related);
      return target ? ownershipView(target, schema, context) : undefined;
    },
  };
}
