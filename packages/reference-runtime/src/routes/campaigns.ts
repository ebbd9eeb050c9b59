import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { currentTenant } from "../auth/tenant-context.js";
import { campaignView } from "../db/models.js";
import { tenantQuery } from "../db/tenant-query.js";
import { parseInput } from "../http/bad-request.js";
import { CampaignParams, CreateCampaignBody, UpdateCampaignBody } from "../http/schemas.js";
import type { RouteDeps } from "./route-deps.js";

const notFound = (): { error: string; message: string } => ({ error: "Not Found", message: "campaign not found" });

/** Campaign CRUD. Every query names the verified tenant; another tenant's id is a 404. */
export function registerCampaignRoutes(app: FastifyInstance, { store }: RouteDeps): void {
  app.post("/campaigns", async (request, reply) => {
    const { tenantId } = currentTenant();
    const log = request.log.child({ tenantId });
    const body = parseInput(CreateCampaignBody, request.body, "body");
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await store.campaigns.insertOne({
      _id: id,
      tenantId,
      name: body.name,
      systemPrompt: body.systemPrompt,
      status: "draft",
      createdAt,
    });
    log.info({ campaignId: id }, "campaign created");
    return reply.code(201).send({ id, name: body.name, systemPrompt: body.systemPrompt, status: "draft", createdAt });
  });

  app.get("/campaigns", async () => {
    const { tenantId } = currentTenant();
    const campaigns = await store.campaigns.find(tenantQuery(tenantId, {}), { sort: { createdAt: 1 } });
    return campaigns.map(campaignView);
  });

  app.get("/campaigns/:id", async (request, reply) => {
    const { tenantId } = currentTenant();
    const { id } = parseInput(CampaignParams, request.params, "params");
    const campaign = await store.campaigns.findOne({ _id: id, tenantId });
    if (!campaign) return reply.code(404).send(notFound());
    return campaignView(campaign);
  });

  app.patch("/campaigns/:id", async (request, reply) => {
    const { tenantId } = currentTenant();
    const log = request.log.child({ tenantId });
    const { id } = parseInput(CampaignParams, request.params, "params");
    const changes = parseInput(UpdateCampaignBody, request.body, "body");
    const { matchedCount } = await store.campaigns.updateOne({ _id: id, tenantId }, { $set: changes });
    if (matchedCount === 0) return reply.code(404).send(notFound());
    const campaign = await store.campaigns.findOne({ _id: id, tenantId });
    if (!campaign) return reply.code(404).send(notFound());
    log.info({ campaignId: id, fields: Object.keys(changes) }, "campaign updated");
    return campaignView(campaign);
  });

  app.delete("/campaigns/:id", async (request, reply) => {
    const { tenantId } = currentTenant();
    const log = request.log.child({ tenantId });
    const { id } = parseInput(CampaignParams, request.params, "params");
    const { deletedCount } = await store.campaigns.deleteOne({ _id: id, tenantId });
    if (deletedCount === 0) return reply.code(404).send(notFound());
    log.info({ campaignId: id }, "campaign deleted");
    return reply.code(204).send();
  });
}
