import { describe, expect, it } from "vitest";
import { runCheck } from "../src/index.js";
import { parse, untyped } from "./helpers.js";

const model = `import { model, Schema } from "mongoose";
const Campaign = model("Campaign", new Schema({ tenantId: String, name: String }));
`;

const reasons = (code: string): string[] =>
  (runCheck("require-tenant-filter", parse(model + code), untyped()).sites ?? []).map((site) => site.reason);

describe("callers authorise a helper's key (require-tenant-filter)", () => {
  it("counts a lookup every caller authorised as checked, not unverified", () => {
    const result = runCheck(
      "require-tenant-filter",
      parse(
        model +
          `const load = (id: string) => Campaign.findById(id);
export async function show(tenantId: string, id: string) {
  const campaign = await Campaign.findOne({ _id: id, tenantId });
  if (!campaign) throw new Error("not found");
  return load(campaign.id);
}`,
      ),
      untyped(),
    );
    expect(result).toMatchObject({ checked: 2, unverified: 0, findings: [] });
  });

  it("keeps the finding when one caller passes an id it did not authorise", () => {
    const result = runCheck(
      "require-tenant-filter",
      parse(
        model +
          `const load = (id: string) => Campaign.findById(id);
export const show = (id: string) => load(id);`,
      ),
      untyped(),
    );
    expect(result.findings.map((finding) => finding.messageId)).toEqual(["lookupById"]);
  });
});

describe("keys from a job payload (require-tenant-filter)", () => {
  const reason = "key comes from a job payload written by the code that enqueued it";

  it("makes a BullMQ processor's lookup by a key from job.data unverified, with why", () => {
    expect(
      reasons(`import { Worker } from "bullmq";
new Worker("q", async (j: { data: { id: string } }) => Campaign.findById(j.data.id));`),
    ).toEqual([reason]);
    expect(
      reasons(`export async function process(job: { data: { id: string } }) {
  const { id } = job.data;
  return Campaign.findById(id);
}`),
    ).toEqual([reason]);
  });

  it("reads Trigger.dev's payload parameter and Inngest's event.data", () => {
    expect(
      reasons(`import { task } from "@trigger.dev/sdk";
export const t = task({ id: "t", run: async (payload: { id: string }) => Campaign.findById(payload.id) });`),
    ).toEqual([reason]);
    expect(
      reasons(`import { Inngest } from "inngest";
const inngest = new Inngest({ id: "app" });
export const f = inngest.createFunction({ id: "f" }, { event: "e" }, async ({ event }) => Campaign.findById(event.data.id));`),
    ).toEqual([reason]);
  });

  it("leaves a key that is not from the payload, and a function that is no processor, as findings", () => {
    const outside = runCheck(
      "require-tenant-filter",
      parse(model + `export const f = (payload: { id: string }) => Campaign.findById(payload.id);`),
      untyped(),
    );
    expect(outside.findings.map((finding) => finding.messageId)).toEqual(["lookupById"]);
    const constant = runCheck(
      "require-tenant-filter",
      parse(
        model +
          `import { Worker } from "bullmq";\nnew Worker("q", async (j: { data: { id: string } }) => Campaign.findById("c1"));`,
      ),
      untyped(),
    );
    expect(constant.findings.map((finding) => finding.messageId)).toEqual(["lookupById"]);
  });
});
