import { z } from "zod";
import { CAMPAIGN_STATUSES } from "../db/models.js";

// `.strict()` everywhere: an unknown field is a client bug worth a 400, not silence.
export const CreateCampaignBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    systemPrompt: z.string().min(1).max(20_000),
  })
  .strict();

export const UpdateCampaignBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    systemPrompt: z.string().min(1).max(20_000).optional(),
    status: z.enum(CAMPAIGN_STATUSES).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "at least one of name, systemPrompt, status");

export const LeadsBody = z
  .object({
    leads: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(200),
            phone: z.string().trim().min(3).max(40),
          })
          .strict(),
      )
      .min(1)
      .max(1_000),
  })
  .strict();

export const ChatBody = z.object({ message: z.string().min(1).max(8_000) }).strict();

export const CampaignParams = z.object({ id: z.string().min(1).max(100) });
