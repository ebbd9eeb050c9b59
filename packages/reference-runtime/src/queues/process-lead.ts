import { randomUUID } from "node:crypto";
import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import type { Store } from "../db/store.js";
import { type LlmDeps, callLlm } from "../llm/call-llm.js";
import { BudgetExceededError } from "../llm/token-budget.js";
import type { LeadJobData } from "./lead-job.js";

export interface LeadProcessorDeps {
  store: Store;
  llm: LlmDeps;
  logger: Logger;
}

export type LeadProcessor = (job: Job<LeadJobData>, token?: string) => Promise<void>;

/**
 * Drafts an opening line for one lead and stores it in the campaign's history. The tenant
 * comes from the job data (written by our own producer from the verified token).
 */
export function createLeadProcessor(deps: LeadProcessorDeps): LeadProcessor {
  return async function processLead(job, token) {
    const { tenantId, campaignId, lead } = job.data;
    // Jobs queued before leads were stored carry no leadId: their own id and enqueue time
    // stand in (unique even across a Redis wipe, unlike the id alone).
    const leadId = job.data.leadId ?? `legacy-${job.id ?? "job"}-${job.timestamp}`;
    const log = deps.logger.child({ tenantId, jobId: job.id ?? null, leadId, campaignId });

    // A job retried after a crash may already have stored its result. The lead's id comes
    // from the store, so a Redis that lost its data (and restarted its job counter) cannot
    // make a new lead look like an old one.
    const stored = await deps.store.history.findOne({ tenantId, leadId });
    if (stored) {
      await deps.store.leads.updateOne({ _id: leadId, tenantId }, { $set: { status: "drafted" } });
      log.info("lead already drafted by an earlier attempt");
      return;
    }
    const campaign = await deps.store.campaigns.findOne({ _id: campaignId, tenantId });
    if (!campaign) {
      await deps.store.leads.updateOne({ _id: leadId, tenantId }, { $set: { status: "dropped" } });
      log.warn("campaign no longer exists; lead dropped");
      return;
    }

    const messages = [
      { role: "system" as const, content: campaign.systemPrompt },
      { role: "user" as const, content: `Draft a one-sentence opening line for a call to ${lead.name}.` },
    ];
    let result;
    try {
      result = await callLlm(deps.llm, tenantId, messages);
    } catch (err) {
      if (err instanceof BudgetExceededError && token) {
        // Out of budget is not a failure: come back when the minute rolls over, without
        // spending one of the job's attempts.
        log.info({ retryAfterMs: err.retryAfterMs }, "token budget exhausted; lead delayed");
        await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
        throw new DelayedError();
      }
      throw err;
    }

    await deps.store.history.insertOne({
      _id: randomUUID(),
      tenantId,
      campaignId,
      kind: "lead",
      input: `${lead.name} (${lead.phone})`,
      output: result.reply,
      leadId,
      createdAt: new Date().toISOString(),
    });
    await deps.store.leads.updateOne({ _id: leadId, tenantId }, { $set: { status: "drafted" } });
    log.info({ usage: result.usage }, "opening line drafted");
  };
}
