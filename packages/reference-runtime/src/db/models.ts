import type { TenantDocument } from "./collection.js";

export const CAMPAIGN_STATUSES = ["draft", "active", "paused"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface Campaign extends TenantDocument {
  name: string;
  systemPrompt: string;
  status: CampaignStatus;
  createdAt: string;
}

export const LEAD_STATUSES = ["queued", "drafted", "dropped"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * A lead as submitted, stored before its job is queued. Its `_id` is the job's id, so a
 * job's identity lives in the tenant's own store, not in a Redis counter that a wipe resets.
 */
export interface Lead extends TenantDocument {
  campaignId: string;
  name: string;
  phone: string;
  status: LeadStatus;
  createdAt: string;
}

/** One drafted opening line (from a lead job) or one chat turn. */
export interface HistoryEntry extends TenantDocument {
  campaignId: string;
  kind: "lead" | "chat";
  input: string;
  output: string;
  /** The lead a drafted line answers (null for chat turns): a retried job finds its result by it. */
  leadId: string | null;
  createdAt: string;
}

/** The public shape of a campaign: the tenant is implied by the token, never echoed. */
export function campaignView(c: Campaign): {
  id: string;
  name: string;
  systemPrompt: string;
  status: CampaignStatus;
  createdAt: string;
} {
  return { id: c._id, name: c.name, systemPrompt: c.systemPrompt, status: c.status, createdAt: c.createdAt };
}

export function historyView(h: HistoryEntry): {
  id: string;
  campaignId: string;
  kind: "lead" | "chat";
  input: string;
  output: string;
  createdAt: string;
} {
  return {
    id: h._id,
    campaignId: h.campaignId,
    kind: h.kind,
    input: h.input,
    output: h.output,
    createdAt: h.createdAt,
  };
}
