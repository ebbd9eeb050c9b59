import type { FastifyInstance } from "fastify";
import { currentTenant } from "../auth/tenant-context.js";
import { parseInput } from "../http/bad-request.js";
import { CampaignParams, LeadsBody } from "../http/schemas.js";
import type { RouteDeps } from "./route-deps.js";

/** Queues one job per lead on the caller's own queue; a worker drafts each opening line. */
export function registerLeadRoutes(app: FastifyInstance, { store, queues }: RouteDeps): void {
  app.post("/campaigns/:id/leads", async (request, reply) => {
    const { tenantId } = currentTenant();
    const log = request.log.child({ tenantId });
    const { id } = parseInput(CampaignParams, request.params, "params");
    const { leads } = parseInput(LeadsBody, request.body, "body");
    const campaign = await store.campaigns.findOne({ _id: id, tenantId });
    if (!campaign) return reply.code(404).send({ error: "Not Found", message: "campaign not found" });
    const queued = await queues.enqueueLeads(tenantId, id, leads);
    log.info({ campaignId: id, queued }, "leads queued");
    return reply.code(202).send({ queued });
  });
}
