import { describe, expect, it } from "vitest";
import { runCheck } from "../src/index.js";
import { parse, untyped } from "./helpers.js";

/** Shapes seen in public multi-tenant codebases that a reviewer would not flag. */
describe("require-tenant-filter on real-world shapes", () => {
  function findings(code: string): { count: number; unverified: number } {
    const result = runCheck("require-tenant-filter", parse(code), untyped());
    return { count: result.findings.length, unverified: result.unverified };
  }

  it("treats the tenant registry itself as global", () => {
    const code = `
      import mongoose from "mongoose";
      const Tenant = mongoose.model("Tenant", new mongoose.Schema({ tenantId: String, name: String, status: String }));
      export const active = () => Tenant.find({ status: "active" });
    `;
    expect(findings(code)).toEqual({ count: 0, unverified: 0 });
  });

  it("leaves queries on a schema with a tenant plugin undecided", () => {
    const code = `
      import mongoose from "mongoose";
      import tenantPlugin from "./plugins/tenant";
      const schema = new mongoose.Schema({ tenantId: String, title: String });
      schema.plugin(tenantPlugin);
      const Note = mongoose.model("Note", schema);
      export const open = () => Note.find({ status: "open" });
    `;
    expect(findings(code)).toEqual({ count: 0, unverified: 1 });
  });

  it("leaves queries undecided under a global multitenancy plugin", () => {
    const code = `
      import mongoose from "mongoose";
      import { multitenancyPlugin } from "express-multitenancy-mongoose";
      mongoose.plugin(multitenancyPlugin);
      const Note = mongoose.model("Note", new mongoose.Schema({ tenantId: String }));
      export const open = () => Note.find({});
    `;
    expect(findings(code)).toEqual({ count: 0, unverified: 1 });
  });

  it("still reports a model whose plugin has nothing to do with tenancy", () => {
    const code = `
      import mongoose from "mongoose";
      import timestamps from "mongoose-timestamp";
      const schema = new mongoose.Schema({ tenantId: String });
      schema.plugin(timestamps);
      const Note = mongoose.model("Note", schema);
      export const open = () => Note.find({});
    `;
    expect(findings(code)).toEqual({ count: 1, unverified: 0 });
  });

  it("accepts the tenant passed as a plugin query option", () => {
    const code = `
      import type { Model } from "mongoose";
      export function tenantFind<T>(model: Model<T>, filter: object, opts: { tenantId: string }) {
        return model.find(filter).setOptions({ tenantId: opts.tenantId });
      }
    `;
    expect(findings(code).count).toBe(0);
  });
});
