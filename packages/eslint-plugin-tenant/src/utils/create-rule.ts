import { ESLintUtils } from "@typescript-eslint/utils";

/** Extra `meta.docs` fields our rules may carry beyond `description`. */
export interface TenantRuleDocs {
  /** In `configs.recommended`; the core's rule descriptor is the source of truth. */
  recommended?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<TenantRuleDocs>(
  (name) => `https://github.com/tenant-audit/tenant-audit/blob/main/docs/rules/${name}.md`,
);
