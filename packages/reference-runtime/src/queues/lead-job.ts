/** A lead job's data. The tenant is always in it: a job is meaningless without its owner. */
export interface LeadJobData {
  tenantId: string;
  campaignId: string;
  /** The stored lead's id, which is also the job's id (see models.ts `Lead`). */
  leadId: string;
  lead: { name: string; phone: string };
}

export const LEAD_JOB_NAME = "draft-opening";

/** One queue per tenant (BullMQ forbids `:` in queue names, hence the dash). */
export function leadQueueName(tenantId: string): string {
  return `leads-${tenantId}`;
}
