import { describe, expect, it } from "vitest";
import { checklist, checklistItemIds, checklistQuestion, ruleDescriptors, ruleIds } from "../src/checklist.js";

describe("the checklist table", () => {
  it("holds the seven contract items in contract order", () => {
    expect(checklist.map((item) => item.id)).toEqual([
      "db-queries",
      "redis-keys",
      "job-queues",
      "log-lines",
      "billing-limits",
      "prompt-isolation",
      "tenant-source",
    ]);
    expect(checklist.map((item) => item.id)).toEqual([...checklistItemIds]);
  });

  it("puts the configured tenant field into the questions", () => {
    const questions = checklist.map((item) => checklistQuestion(item, "orgId"));
    expect(questions).toContain("Does every DB query include orgId?");
    expect(questions).toContain("Does every job queue include orgId in job data?");
    expect(questions).toContain("Does the tenant id come only from the verified token?");
  });

  it("maps every rule to exactly the item that lists it", () => {
    for (const ruleId of ruleIds) {
      const owners = checklist.filter((item) => item.rules.includes(ruleId));
      expect(owners.map((item) => item.id)).toEqual([ruleDescriptors[ruleId].checklistItem]);
    }
  });

  it("recommends the data-isolation rules and the tenant-source rule only", () => {
    expect(ruleIds.filter((ruleId) => ruleDescriptors[ruleId].recommended)).toEqual([
      "require-tenant-filter",
      "require-tenant-on-write",
      "require-tenant-redis-key",
      "require-tenant-job-data",
      "no-untrusted-tenant-id",
    ]);
  });

  it("describes rules as typescript-eslint does", () => {
    for (const ruleId of ruleIds)
      expect(ruleDescriptors[ruleId].description).toMatch(/^(Require|Disallow) [^.]*[^.]$/u);
  });
});
