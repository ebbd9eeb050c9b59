// Bull and BullMQ queues declared here, imported by typed test cases.
import Bull from "bull";
import { Queue } from "bullmq";

export const emailQueue = new Bull<{ tenantId: string; leadId: string }>("email");
export const campaignQueue = new Queue("campaign", { connection: { host: "127.0.0.1" } });
