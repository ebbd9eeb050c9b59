/** Client-controlled input: one definition for the tenant-source check, the write checks and the suggestions. */
import { describe, expect, it } from "vitest";
import { isClientInput, isClientInputPath, isRequestInput } from "../src/client-input.js";
import { parse, probe, untyped } from "./helpers.js";

const context = untyped();
const at = (code: string) => probe(parse(code));

describe("client-input", () => {
  it("knows the client's parts of a request, by path and by the request object", () => {
    expect(isClientInputPath("req.body.tenantId")).toBe(true);
    expect(isClientInputPath("req.user.tenantId")).toBe(false);
    expect(
      isClientInput(at(`app.post("/x", (request, reply) => probe(request.headers["x-tenant-id"]));`), context),
    ).toBe(true);
    expect(isClientInput(at(`app.post("/x", (req, res) => probe(req.user.tenantId));`), context)).toBe(false);
  });

  it("takes a decoded, unverified token's claims as client input", () => {
    expect(
      isClientInput(
        at(`import jwt from "jsonwebtoken";\nconst claims = jwt.decode(token);\nprobe(claims.tenantId);`),
        context,
      ),
    ).toBe(true);
  });

  it("isRequestInput: a document or filter the caller sent, whatever the request is named when it is known", () => {
    expect(isRequestInput(at(`function h(req: any, res: any) { probe(req.body); }`), context)).toBe(true);
    expect(
      isRequestInput(
        at(`app.post("/x", (incoming, out) => { const { filter } = incoming.query; probe(filter); });`),
        context,
      ),
    ).toBe(true);
    expect(isRequestInput(at(`function h(req: any, res: any) { probe(req.user); }`), context)).toBe(false);
  });
});
