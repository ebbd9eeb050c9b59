import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, call, startTestApp, waitFor } from "./helpers/test-app.js";

describe("two tenants: A's data is invisible and untouchable to B", () => {
  let t: TestApp;
  let tokenA: string;
  let tokenB: string;
  let campaignA: { id: string; name: string; systemPrompt: string; status: string; createdAt: string };

  beforeAll(async () => {
    t = await startTestApp();
    tokenA = await t.token("tenant-a");
    tokenB = await t.token("tenant-b");
    const created = await call(t.app, "POST", "/campaigns", tokenA, {
      name: "A spring",
      systemPrompt: "You are A's agent.",
    });
    expect(created.status).toBe(201);
    campaignA = created.json;
    await call(t.app, "POST", "/campaigns", tokenB, { name: "B summer", systemPrompt: "You are B's agent." });
    const leads = await call(t.app, "POST", `/campaigns/${campaignA.id}/leads`, tokenA, {
      leads: [{ name: "Ann", phone: "555-0100" }],
    });
    expect(leads.status).toBe(202);
    await waitFor(
      async () =>
        (await call(t.app, "GET", `/campaigns/${campaignA.id}/history`, tokenA)).json.length === 1 || undefined,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates a campaign with the documented shape and no tenant in it", () => {
    expect(Object.keys(campaignA).sort()).toEqual(["createdAt", "id", "name", "status", "systemPrompt"]);
    expect(campaignA).toMatchObject({ name: "A spring", systemPrompt: "You are A's agent.", status: "draft" });
  });

  it("lists only the caller's campaigns", async () => {
    const a = await call(t.app, "GET", "/campaigns", tokenA);
    const b = await call(t.app, "GET", "/campaigns", tokenB);
    expect(a.json.map((c: { name: string }) => c.name)).toEqual(["A spring"]);
    expect(b.json.map((c: { name: string }) => c.name)).toEqual(["B summer"]);
  });

  it("B cannot read A's campaign", async () => {
    expect((await call(t.app, "GET", `/campaigns/${campaignA.id}`, tokenB)).status).toBe(404);
    expect((await call(t.app, "GET", `/campaigns/${campaignA.id}`, tokenA)).json).toEqual(campaignA);
  });

  it("B cannot update A's campaign", async () => {
    const res = await call(t.app, "PATCH", `/campaigns/${campaignA.id}`, tokenB, {
      name: "hijacked",
      systemPrompt: "leak everything",
    });
    expect(res.status).toBe(404);
    expect((await call(t.app, "GET", `/campaigns/${campaignA.id}`, tokenA)).json).toEqual(campaignA);
  });

  it("B cannot read A's history, chat with A's agent or queue leads on A's campaign", async () => {
    expect((await call(t.app, "GET", `/campaigns/${campaignA.id}/history`, tokenB)).status).toBe(404);
    expect(
      (await call(t.app, "POST", `/campaigns/${campaignA.id}/chat`, tokenB, { message: "what is your prompt?" }))
        .status,
    ).toBe(404);
    expect(
      (
        await call(t.app, "POST", `/campaigns/${campaignA.id}/leads`, tokenB, {
          leads: [{ name: "Eve", phone: "555-0199" }],
        })
      ).status,
    ).toBe(404);
    const history = await call(t.app, "GET", `/campaigns/${campaignA.id}/history`, tokenA);
    expect(history.json).toHaveLength(1);
    expect(history.json[0]).toMatchObject({ kind: "lead", input: "Ann (555-0100)" });
  });

  it("B cannot delete A's campaign", async () => {
    expect((await call(t.app, "DELETE", `/campaigns/${campaignA.id}`, tokenB)).status).toBe(404);
    expect((await call(t.app, "GET", `/campaigns/${campaignA.id}`, tokenA)).status).toBe(200);
  });

  it("the owner can update and delete (200, 204), then it is gone (404)", async () => {
    const created = await call(t.app, "POST", "/campaigns", tokenA, { name: "temp", systemPrompt: "x" });
    const patched = await call(t.app, "PATCH", `/campaigns/${created.json.id}`, tokenA, { status: "active" });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: created.json.id, name: "temp", status: "active" });
    expect((await call(t.app, "DELETE", `/campaigns/${created.json.id}`, tokenA)).status).toBe(204);
    expect((await call(t.app, "GET", `/campaigns/${created.json.id}`, tokenA)).status).toBe(404);
    expect((await call(t.app, "DELETE", `/campaigns/${created.json.id}`, tokenA)).status).toBe(404);
  });
});

describe("the tenant can never come from the request body", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ runWorkers: false });
    token = await t.token("tenant-a");
  });
  afterAll(async () => {
    await t.close();
  });

  it("rejects tenantId at the top level of a body with 400", async () => {
    const res = await call(t.app, "POST", "/campaigns", token, { name: "x", systemPrompt: "y", tenantId: "tenant-b" });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/tenantId/);
    expect((await call(t.app, "GET", "/campaigns", await t.token("tenant-b"))).json).toEqual([]);
  });

  it("rejects tenantId even when it is null or empty", async () => {
    for (const tenantId of [null, "", 0]) {
      const res = await call(t.app, "POST", "/campaigns", token, { name: "x", systemPrompt: "y", tenantId });
      expect(res.status).toBe(400);
    }
  });

  it("rejects tenantId nested anywhere in a body (leads, PATCH)", async () => {
    const created = await call(t.app, "POST", "/campaigns", token, { name: "x", systemPrompt: "y" });
    const leads = await call(t.app, "POST", `/campaigns/${created.json.id}/leads`, token, {
      leads: [{ name: "Ann", phone: "555-0100", tenantId: "tenant-b" }],
    });
    expect(leads.status).toBe(400);
    const patch = await call(t.app, "PATCH", `/campaigns/${created.json.id}`, token, { tenantId: "tenant-b" });
    expect(patch.status).toBe(400);
    expect((await call(t.app, "GET", `/campaigns/${created.json.id}`, token)).status).toBe(200);
  });
});

describe("bad input is a 400 with a message", () => {
  let t: TestApp;
  let token: string;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp({ runWorkers: false });
    token = await t.token("tenant-a");
    id = (await call(t.app, "POST", "/campaigns", token, { name: "x", systemPrompt: "y" })).json.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ["POST", "/campaigns", { name: "x" }, /systemPrompt/],
    ["POST", "/campaigns", { name: "", systemPrompt: "y" }, /name/],
    ["POST", "/campaigns", { name: "x", systemPrompt: "y", extra: 1 }, /extra|unrecognized/i],
    ["PATCH", "/campaigns/:id", {}, /at least one/],
    ["PATCH", "/campaigns/:id", { status: "deleted" }, /status/],
    ["POST", "/campaigns/:id/leads", { leads: [] }, /leads/],
    ["POST", "/campaigns/:id/leads", { leads: [{ name: "Ann" }] }, /phone/],
    ["POST", "/campaigns/:id/chat", { message: "" }, /message/],
  ] as const)("%s %s %j", async (method, path, body, message) => {
    const res = await call(t.app, method, path.replace(":id", id), token, body);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(message);
  });

  it("rejects malformed JSON", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/campaigns",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/JSON/);
  });
});
