import type { FastifyInstance } from "fastify";
import { currentTenant } from "../auth/tenant-context.js";
import { historyView } from "../db/models.js";
import { tenantQuery } from "../db/tenant-query.js";
import { parseInput } from "../http/bad-request.js";
import { CampaignParams } from "../http/schemas.js";
import type { RouteDeps } from "./route-deps.js";

/** A campaign's call history (drafted openings and chat turns), oldest first. */
export function registerHistoryRoute(app: FastifyInstance, { store }: RouteDeps): void {
  app.get("/campaigns/:id/history", async (request, reply) => {
    const { tenantId } = currentTenant();
    const { id } = parseInput(CampaignParams, request.params, "params");
    const campaign = await store.campaigns.findOne({ _id: id, tenantId });
    if (!campaign) return reply.code(404).send({ error: "Not Found", message: "campaign not found" });
    const entries = await store.history.find(tenantQuery(tenantId, { campaignId: id }), { sort: { createdAt: 1 } });
    return entries.map(historyView);
  });
}
