/**
 * Every data layer's query sites in a file, gathered once and shared by `require-tenant-filter`
 * and `require-tenant-on-write`.
 */
import type ts from "typescript";
import { dataLayers } from "../adapters/data-layers.js";
import { type FileFacts, memoized } from "../file-facts.js";
import type { AnalysisContext } from "../types.js";
import type { DataLayerSites, QuerySite } from "./query-site.js";

export function querySites(sourceFile: ts.SourceFile, facts: FileFacts, context: AnalysisContext): DataLayerSites {
  // Project facts are gathered from one program, so they stand for its checker too.
  return memoized("query-sites", context.projectFacts ?? context.checker ?? context.settings, sourceFile, () => {
    const sites: QuerySite[] = [];
    const undecided: DataLayerSites["undecided"][number][] = [];
    const claimed = new Set<ts.Node>();
    for (const layer of dataLayers) {
      const found = layer.querySites(sourceFile, facts, context);
      // A call an earlier layer read as its own site is not a later layer's look-alike
      // (`this.invoices.count({ where })` on a TypeORM repository is no Prisma delegate).
      sites.push(...found.sites.filter((site) => !sites.some((earlier) => earlier.node === site.node)));
      undecided.push(...found.undecided);
      for (const node of found.global ?? []) claimed.add(node);
    }
    // A call one layer reads as its own site is not another layer's undecided look-alike
    // (Prisma's `deleteMany` on a delegate, which the MongoDB layer cannot classify).
    for (const site of sites) claimed.add(site.node);
    const unclaimed = undecided.filter((site) => !claimed.has(site.node) && (claimed.add(site.node), true));
    return { sites, undecided: unclaimed };
  });
}
