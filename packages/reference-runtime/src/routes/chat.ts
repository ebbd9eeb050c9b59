import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { currentTenant } from "../auth/tenant-context.js";
import { tenantQuery } from "../db/tenant-query.js";
import { parseInput } from "../http/bad-request.js";
import { CampaignParams, ChatBody } from "../http/schemas.js";
import type { ChatMessage } from "../llm/chat-client.js";
import { callLlm } from "../llm/call-llm.js";
import { RedisUnavailableError } from "../redis/redis-connections.js";
import type { RouteDeps } from "./route-deps.js";

const HISTORY_TURNS = 10;

/**
 * One chat turn with the campaign's agent. The system prompt and the history are read
 * fresh from the store for this request, scoped to the tenant: nothing is cached between
 * requests, so one tenant's prompt can never reach another's completion.
 */
export function registerChatRoute(app: FastifyInstance, { store, llm, redis }: RouteDeps): void {
  app.post("/campaigns/:id/chat", async (request, reply) => {
    const { tenantId } = currentTenant();
    const log = request.log.child({ tenantId });
    const { id } = parseInput(CampaignParams, request.params, "params");
    const { message } = parseInput(ChatBody, request.body, "body");
    const campaign = await store.campaigns.findOne({ _id: id, tenantId });
    if (!campaign) return reply.code(404).send({ error: "Not Found", message: "campaign not found" });
    // The budget lives in Redis: without it no call may be made.
    if (!redis.isReady()) throw new RedisUnavailableError();

    const recent = await store.history.find(tenantQuery(tenantId, { campaignId: id, kind: "chat" }), {
      sort: { createdAt: -1 },
      limit: HISTORY_TURNS,
    });
    const messages: ChatMessage[] = [{ role: "system", content: campaign.systemPrompt }];
    for (const turn of recent.reverse()) {
      messages.push({ role: "user", content: turn.input }, { role: "assistant", content: turn.output });
    }
    messages.push({ role: "user", content: message });

    const { reply: answer, usage } = await callLlm(llm, tenantId, messages);
    await store.history.insertOne({
      _id: randomUUID(),
      tenantId,
      campaignId: id,
      kind: "chat",
      input: message,
      output: answer,
      leadId: null,
      createdAt: new Date().toISOString(),
    });
    log.info({ campaignId: id, usage }, "chat turn answered");
    return { reply: answer, usage };
  });
}
