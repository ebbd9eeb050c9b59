import rule from "../../src/rules/require-tenant-on-write.js";
import path from "node:path";
import { fixtureProjectDir, ruleTester, typedRuleTester } from "../rule-tester.js";

// Two lines declare a tenant-owned model; each case's own code starts on line 3.
const models = `import mongoose, { model, Schema, type Model } from "mongoose";
const Campaign = model("Campaign", new Schema({ tenantId: String, name: String, status: String }));
`;
const withModels = (body: string): string => models + body;

const driver = `import { MongoClient } from "mongodb";
const events = new MongoClient("mongodb://x").db("app").collection("events");
`;
const withDriver = (body: string): string => driver + body;

ruleTester.run("require-tenant-on-write", rule, {
  valid: [
    // Sets, Maps, DOMTokenList, dayjs, URLSearchParams, Headers: `add`/`set`/`append` write to memory.
    withModels(`const seen = new Set<string>();\nseen.add("a");`),
    withModels(`const cache = new Map<string, string>();\nexport const put = (k: string) => cache.set(k, "v");`),
    withModels(`export const show = (el: HTMLElement) => el.classList.add("visible");`),
    withModels(`import dayjs from "dayjs";\nexport const tomorrow = () => dayjs().add(1, "day");`),
    withModels(
      `const params = new URLSearchParams();\nparams.append("page", "1");\nconst headers = new Headers();\nheaders.set("x-request-id", "1");`,
    ),
    // `create` and `update` that are not model writes: Object.create, lodash, an array's push.
    withModels(`export const bare = Object.create(null);`),
    withModels(`import _ from "lodash";\nexport const bump = (o: object) => _.update(o, "n", (n: number) => n + 1);`),
    withModels(`export const rows: { name: string }[] = [];\nrows.push({ name: "x" });`),
    // A factory of unknown type: `factory.create(x)` cannot be decided.
    withModels(`export const make = (factory: any) => factory.create({ name: "x" });`),
    withModels(
      `import { stripe } from "./billing.js";\nexport const pay = () => stripe.customers.create({ email: "a@b.c" });`,
    ),
    // Constructions of things that are not models.
    withModels(`export const at = new Date();\nexport const q = new URLSearchParams({ a: "1" });`),
    // Global models (no tenant field in the schema) and globalCollections.
    withModels(
      `const Plan = model("Plan", new Schema({ code: String }));\nexport const add = () => Plan.create({ code: "pro" });`,
    ),
    {
      code: withModels(`export const seed = () => Campaign.insertMany([{ name: "template" }]);`),
      settings: { tenant: { globalCollections: ["Campaign"] } },
    },
    // Inserted documents that carry the tenant: literal, spread, scope helper, every mapped row.
    withModels(`export const add = (tenantId: string, name: string) => Campaign.create({ tenantId, name });`),
    withModels(`export const add = (tenantId: string, body: object) => Campaign.create({ ...body, tenantId });`),
    withModels(
      `import { tenantScope } from "./tenancy.js";\nexport const add = (t: string) => Campaign.create(tenantScope(t, { name: "x" }));`,
    ),
    withModels(
      `export const add = (tenantId: string) => Campaign.insertMany([{ tenantId, name: "a" }, { tenantId, name: "b" }]);`,
    ),
    withModels(
      `export const add = (tenantId: string, rows: { name: string }[]) => Campaign.insertMany(rows.map((r) => ({ ...r, tenantId })));`,
    ),
    withModels(
      `export function add(tenantId: string, rows: { name: string }[]) {\n  const docs = rows.map((r) => {\n    return { name: r.name, tenantId };\n  });\n  return Campaign.insertMany(docs);\n}`,
    ),
    withDriver(
      `export const record = (tenantId: string, type: string) => events.insertOne({ tenantId, type, at: new Date() });`,
    ),
    // Documents whose content the analysis cannot see are unverified, not reported.
    withModels(`export const add = (doc: object) => Campaign.create(doc);`),
    withModels(`export const add = (docs: object[]) => Campaign.insertMany(docs);`),
    // new Model(doc): the tenant in the constructor, assigned or set before saving, or handed to a helper.
    withModels(`export const add = (tenantId: string) => new Campaign({ tenantId, name: "x" }).save();`),
    withModels(
      `export async function add(tenantId: string) {\n  const c = new Campaign({ name: "x" });\n  c.tenantId = tenantId;\n  await c.save();\n}`,
    ),
    withModels(
      `export async function add(tenantId: string) {\n  const c = new Campaign({ name: "x" });\n  c.set("tenantId", tenantId);\n  await c.save();\n}`,
    ),
    withModels(
      `export async function add(tenantId: string) {\n  const c = new Campaign({ name: "x" });\n  c.set({ tenantId });\n  await c.save();\n}`,
    ),
    withModels(
      `export async function add(tenantId: string) {\n  const c = new Campaign({ name: "x" });\n  Object.assign(c, { tenantId });\n  await c.save();\n}`,
    ),
    withModels(
      `import { stampTenant } from "./tenancy.js";\nexport async function add() {\n  const c = new Campaign({ name: "x" });\n  stampTenant(c);\n  await c.save();\n}`,
    ),
    withModels(`export const draft = () => new Campaign({ name: "x" });`),
    // Updates that leave the tenant alone.
    withModels(
      `export const rename = (tenantId: string, id: string) => Campaign.updateOne({ _id: id, tenantId }, { $set: { name: "x" }, $inc: { edits: 1 } });`,
    ),
    withModels(`export const pause = (tenantId: string) => Campaign.updateMany({ tenantId }, { status: "paused" });`),
    // Named fields of the body, or the body with the tenant pinned after it, cannot move the document.
    withModels(
      `import type { Request } from "express";\nexport const rename = (req: Request, tenantId: string) => Campaign.updateOne({ _id: req.params.id, tenantId }, { $set: { name: req.body.name } });`,
    ),
    withModels(
      `import type { Request } from "express";\nexport const patch = (req: Request, tenantId: string) => Campaign.updateOne({ _id: req.params.id, tenantId }, { $set: { ...req.body, tenantId } });`,
    ),
    // Setting the tenant to the very value the filter pins changes nothing.
    withModels(
      `export const touch = (tenantId: string, id: string) => Campaign.updateOne({ _id: id, tenantId }, { $set: { tenantId, name: "x" } }, { upsert: true });`,
    ),
    // Upserts that can only insert into the caller's tenant: the tenant in the filter or in $setOnInsert.
    withModels(
      `export const upsert = (tenantId: string, name: string) => Campaign.updateOne({ tenantId, name }, { $set: { status: "a" } }, { upsert: true });`,
    ),
    withModels(
      `export const upsert = (tenantId: string, name: string) => Campaign.findOneAndUpdate({ name }, { $setOnInsert: { tenantId } }, { upsert: true, new: true });`,
    ),
    withModels(
      `export const upsert = (name: string) => Campaign.updateOne({ name }, { $set: { status: "a" } }, { upsert: false });`,
    ),
    // A replacement that keeps the tenant.
    withModels(
      `export const swap = (tenantId: string, id: string) => Campaign.replaceOne({ _id: id, tenantId }, { tenantId, name: "x" });`,
    ),
    // bulkWrite: inserted documents carry the tenant, upserts are scoped.
    withModels(
      `export const bulk = (tenantId: string, names: string[]) =>\n  Campaign.bulkWrite([\n    { insertOne: { document: { tenantId, name: names[0] } } },\n    { updateOne: { filter: { tenantId, name: names[1] }, update: { $set: { status: "a" } }, upsert: true } },\n  ]);`,
    ),
    // Reads are require-tenant-filter's concern, not this rule's.
    withModels(`export const all = () => Campaign.find({});`),
    // A configured tenant field other than tenantId.
    {
      code: `import { model, Schema } from "mongoose";\nconst Deal = model("Deal", new Schema({ orgId: String, name: String }));\nexport const add = (orgId: string) => Deal.create({ orgId, name: "x" });`,
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
  ],
  invalid: [
    {
      // An insert without the tenant.
      code: withModels(`export const add = (tenantId: string, name: string) => Campaign.create({ name });`),
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 56,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withModels(
                `export const add = (tenantId: string, name: string) => Campaign.create({ tenantId, name });`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const add = (tenantId: string) => Campaign.create({});`),
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 42,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withModels(`export const add = (tenantId: string) => Campaign.create({ tenantId });`),
            },
          ],
        },
      ],
    },
    {
      // The request body is the caller's input, never the verified tenant.
      code: withModels(`export const add = (req: { body: object }) => Campaign.create(req.body);`),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 47, suggestions: [] }],
    },
    {
      // Mass assignment: a request body spread after the tenant can replace it.
      code: withModels(
        `export const add = (req: { body: object }, tenantId: string) => Campaign.create({ tenantId, ...req.body });`,
      ),
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 65,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withModels(
                `export const add = (req: { body: object }, tenantId: string) => Campaign.create({ ...req.body, tenantId });`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const add = (tenantId: string) => Campaign.create({ name: "x", tenantId: undefined });`),
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 42,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withModels(`export const add = (tenantId: string) => Campaign.create({ name: "x", tenantId });`),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const add = () => Campaign.create({ name: "x", tenantId: null });`),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 26, suggestions: [] }],
    },
    {
      code: withModels(`export const add = () => Campaign.create();`),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 26, suggestions: [] }],
    },
    {
      // One document of the array without the tenant is enough.
      code: withModels(
        `export const add = (tenantId: string) => Campaign.create([{ tenantId, name: "a" }, { name: "b" }]);`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 42, suggestions: [] }],
    },
    {
      code: withModels(`export const add = () => Campaign.insertMany([{ name: "a" }]);`),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 26, suggestions: [] }],
    },
    {
      // insertMany of mapped rows, inline or through a variable, block body or not.
      code: withModels(
        `export const add = (rows: { name: string }[]) => Campaign.insertMany(rows.map((r) => ({ name: r.name })));`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 50, suggestions: [] }],
    },
    {
      code: withModels(
        `export function add(rows: { name: string }[]) {\n  const docs = rows.map((r) => {\n    return { name: r.name, status: "draft" };\n  });\n  return Campaign.insertMany(docs);\n}`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 7, column: 10, suggestions: [] }],
    },
    {
      // MongoDB driver inserts.
      code: withDriver(
        `export const record = (tenantId: string, type: string) => events.insertOne({ type, at: new Date() });`,
      ),
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 59,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withDriver(
                `export const record = (tenantId: string, type: string) => events.insertOne({ tenantId, type, at: new Date() });`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withDriver(
        `export const record = (types: string[]) => events.insertMany(types.map((type) => ({ type })));`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 44, suggestions: [] }],
    },
    {
      code: `import type { Db } from "mongodb";\nexport async function log(db: Db, tenantId: string) {\n  await db.collection("audit").insertOne({\n    action: "login",\n  });\n}`,
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: `import type { Db } from "mongodb";\nexport async function log(db: Db, tenantId: string) {\n  await db.collection("audit").insertOne({\n    tenantId,\n    action: "login",\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // new Model(doc) saved at once, or saved later with nothing adding the tenant.
      code: withModels(`export const add = (tenantId: string) => new Campaign({ name: "x" }).save();`),
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 42,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withModels(
                `export const add = (tenantId: string) => new Campaign({ tenantId, name: "x" }).save();`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(
        `export async function add(name: string) {\n  const c = new Campaign({ name });\n  await c.save();\n  return c;\n}`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 4, column: 13, suggestions: [] }],
    },
    {
      code: withModels(
        `export async function add() {\n  const c = new Campaign();\n  c.name = "x";\n  await c.save();\n}`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 4, column: 13, suggestions: [] }],
    },
    {
      // Upserts whose insert would have no tenant.
      code: withModels(
        `export const upsert = (name: string) => Campaign.updateOne({ name }, { $set: { status: "a" } }, { upsert: true });`,
      ),
      errors: [{ messageId: "upsertWithoutTenant", line: 3, column: 41, suggestions: [] }],
    },
    {
      code: withModels(
        `export const upsert = (name: string) => Campaign.findOneAndUpdate({ name }, { status: "a" }, { upsert: true, new: true });`,
      ),
      errors: [{ messageId: "upsertWithoutTenant", line: 3, column: 41, suggestions: [] }],
    },
    {
      code: withModels(
        `const options = { upsert: true };\nexport const upsert = (name: string) => Campaign.updateMany({ name }, { $inc: { n: 1 } }, options);`,
      ),
      errors: [{ messageId: "upsertWithoutTenant", line: 4, column: 41, suggestions: [] }],
    },
    {
      code: withDriver(
        `export const upsert = (type: string) => events.updateOne({ type }, { $setOnInsert: { at: new Date() } }, { upsert: true });`,
      ),
      errors: [{ messageId: "upsertWithoutTenant", line: 3, column: 41, suggestions: [] }],
    },
    {
      // Mass assignment: the request body as the update, as $set's value, or spread into either.
      code: withModels(
        `import type { Request } from "express";\nexport const patch = (req: Request, tenantId: string) => Campaign.updateOne({ _id: req.params.id, tenantId }, req.body);`,
      ),
      errors: [
        {
          messageId: "updateFromRequest",
          data: { method: "updateOne", field: "tenantId", input: "req.body" },
          line: 4,
          column: 58,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `import type { Request } from "express";\nexport const patch = (req: Request, tenantId: string) => Campaign.findOneAndUpdate({ _id: req.params.id, tenantId }, { $set: req.body }, { new: true });`,
      ),
      errors: [
        {
          messageId: "updateFromRequest",
          data: { method: "findOneAndUpdate", field: "tenantId", input: "req.body" },
          line: 4,
          column: 58,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `import type { Request } from "express";\nexport function patch(req: Request, tenantId: string) {\n  const { changes } = req.body;\n  return Campaign.updateOne({ _id: req.params.id, tenantId }, { $set: { ...changes, status: "edited" } });\n}`,
      ),
      errors: [
        {
          messageId: "updateFromRequest",
          data: { method: "updateOne", field: "tenantId", input: "changes" },
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `import type { Request } from "express";\nexport const patch = (req: Request) => Campaign.findByIdAndUpdate(req.params.id, { ...req.body });`,
      ),
      errors: [
        {
          messageId: "updateFromRequest",
          data: { method: "findByIdAndUpdate", field: "tenantId", input: "req.body" },
          line: 4,
          column: 40,
          suggestions: [],
        },
      ],
    },
    {
      // $set, $unset and $rename of the tenant field move or orphan a document.
      code: withModels(
        `export const move = (tenantId: string, id: string, target: string) => Campaign.updateOne({ _id: id, tenantId }, { $set: { tenantId: target } });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateOne", field: "tenantId", operator: "$set" },
          line: 3,
          column: 71,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `export const orphan = (tenantId: string, id: string) => Campaign.updateOne({ _id: id, tenantId }, { $unset: { tenantId: 1 } });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateOne", field: "tenantId", operator: "$unset" },
          line: 3,
          column: 57,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `export const orphan = (tenantId: string, id: string) => Campaign.updateOne({ _id: id, tenantId }, { $rename: { tenantId: "formerTenantId" } });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateOne", field: "tenantId", operator: "$rename" },
          line: 3,
          column: 57,
          suggestions: [],
        },
      ],
    },
    {
      // A rename onto the tenant field replaces it.
      code: withModels(
        `export const adopt = (tenantId: string) => Campaign.updateMany({ tenantId }, { $rename: { ownerOrg: "tenantId" } });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateMany", field: "tenantId", operator: "$rename" },
          line: 3,
          column: 44,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `export const move = (tenantId: string, id: string) => Campaign.updateOne({ _id: id, tenantId }, { $set: { "tenantId": "acme" } });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateOne", field: "tenantId", operator: "$set" },
          line: 3,
          column: 55,
          suggestions: [],
        },
      ],
    },
    {
      // A top-level tenant field in a Mongoose update is applied as $set.
      code: withModels(
        `export const move = (tenantId: string, id: string, other: string) => Campaign.updateOne({ _id: id, tenantId }, { name: "x", tenantId: other });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateOne", field: "tenantId", operator: "tenantId in the update" },
          line: 3,
          column: 70,
          suggestions: [],
        },
      ],
    },
    {
      code: withModels(
        `export const move = (id: string, tenantId: string) => Campaign.findByIdAndUpdate(id, { tenantId });`,
      ),
      errors: [{ messageId: "tenantReassigned", line: 3, column: 55, suggestions: [] }],
    },
    {
      code: withModels(
        `export const move = (id: string, to: string) => Campaign.findByIdAndUpdate(id, { $set: { tenantId: to } }, { new: true });`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "findByIdAndUpdate", field: "tenantId", operator: "$set" },
          line: 3,
          column: 49,
          suggestions: [],
        },
      ],
    },
    {
      // An update pipeline's $set stage.
      code: withModels(
        `export const merge = (tenantId: string) => Campaign.updateMany({ tenantId }, [{ $set: { tenantId: "$parentTenant" } }]);`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateMany", field: "tenantId", operator: "$set" },
          line: 3,
          column: 44,
          suggestions: [],
        },
      ],
    },
    {
      // A replacement document without the tenant.
      code: withModels(
        `export const swap = (tenantId: string, id: string) => Campaign.replaceOne({ _id: id, tenantId }, { name: "x" });`,
      ),
      errors: [
        {
          messageId: "replacementWithoutTenant",
          line: 3,
          column: 55,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: withModels(
                `export const swap = (tenantId: string, id: string) => Campaign.replaceOne({ _id: id, tenantId }, { tenantId, name: "x" });`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const swap = (id: string) => Campaign.findOneAndReplace({ _id: id }, { name: "x" });`),
      errors: [{ messageId: "replacementWithoutTenant", line: 3, column: 37, suggestions: [] }],
    },
    {
      // bulkWrite: an inserted document without the tenant, an upsert that can insert one, a reassignment.
      code: withModels(
        `export const bulk = (tenantId: string) =>\n  Campaign.bulkWrite([{ insertOne: { document: { name: "x" } } }]);`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 4, column: 3, suggestions: [] }],
    },
    {
      code: withModels(
        `export const bulk = (names: string[]) =>\n  Campaign.bulkWrite(names.map((name) => ({ updateOne: { filter: { name }, update: { $set: { status: "a" } }, upsert: true } })));`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 4, column: 3, suggestions: [] }],
    },
    {
      code: withModels(
        `export const bulk = (tenantId: string, id: string) =>\n  Campaign.bulkWrite([{ updateOne: { filter: { _id: id, tenantId }, update: { $set: { tenantId: "other" } } } }]);`,
      ),
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "bulkWrite", field: "tenantId", operator: "$set" },
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // NestJS: an injected Model<T>.
      code: withModels(
        `interface CampaignDoc { tenantId: string; name: string }\nexport class CampaignsService {\n  constructor(private readonly campaignModel: Model<CampaignDoc>) {}\n  add(name: string) {\n    return this.campaignModel.create({ name });\n  }\n}`,
      ),
      errors: [{ messageId: "missingTenantOnInsert", line: 7, column: 12, suggestions: [] }],
    },
    {
      // A configured tenant field: a document with tenantId but no orgId.
      code: `import { model, Schema } from "mongoose";\nconst Deal = model("Deal", new Schema({ orgId: String, name: String }));\nexport const add = (orgId: string, tenantId: string) => Deal.create({ tenantId, name: "x" });`,
      settings: { tenant: { tenantFields: ["orgId"] } },
      errors: [
        {
          messageId: "missingTenantOnInsert",
          line: 3,
          column: 57,
          suggestions: [
            {
              messageId: "addTenantToDocument",
              output: `import { model, Schema } from "mongoose";\nconst Deal = model("Deal", new Schema({ orgId: String, name: String }));\nexport const add = (orgId: string, tenantId: string) => Deal.create({ orgId, tenantId, name: "x" });`,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester.run("require-tenant-on-write (typed)", rule, {
  valid: [
    // A global model from another file (its document type has no tenant field).
    `import { Plan } from "./models.js";\nexport const add = () => Plan.create({ name: "pro", priceCents: 900 });`,
    // Imported models written with the tenant.
    `import { Campaign } from "./models.js";\nexport const add = (tenantId: string) => Campaign.create({ tenantId, name: "x", status: "draft" });`,
    `import { leads } from "./models.js";\nexport const add = (tenantId: string, email: string) => leads.insertOne({ tenantId, email });`,
    // Model<T> where T has no tenant field is global.
    `import type { Model } from "mongoose";\nexport const add = (countries: Model<{ code: string }>) => countries.create({ code: "FR" });`,
  ],
  invalid: [
    {
      // A model imported from another file: only the type checker knows it is a model.
      code: `import { Campaign } from "./models.js";\nexport const add = (name: string) => Campaign.create({ name, status: "draft" });`,
      errors: [{ messageId: "missingTenantOnInsert", line: 2, column: 38, suggestions: [] }],
    },
    {
      code: `import { Lead } from "./models.js";\nexport async function add(email: string) {\n  const lead = new Lead({ email });\n  await lead.save();\n}`,
      errors: [{ messageId: "missingTenantOnInsert", line: 3, column: 16, suggestions: [] }],
    },
    {
      code: `import { leads } from "./models.js";\nexport const move = (tenantId: string, email: string) => leads.updateOne({ email, tenantId }, { $set: { tenantId: "other" } });`,
      errors: [
        {
          messageId: "tenantReassigned",
          data: { method: "updateOne", field: "tenantId", operator: "$set" },
          line: 2,
          column: 58,
          suggestions: [],
        },
      ],
    },
    {
      // A custom receiver from the settings (a class extending BaseRepository).
      code: `import { campaignRepository } from "./repositories.js";\nexport const add = () => campaignRepository.insertOne({ name: "x" } as never);`,
      settings: { tenant: { receivers: { collection: ["BaseRepository"] } } },
      errors: [{ messageId: "missingTenantOnInsert", line: 2, column: 26, suggestions: [] }],
    },
  ],
});

// Prisma: linted as fixture-project/file.ts, whose schema says Campaign is tenant-owned (tenantId,
// the `organization` relation), Lead owned through Campaign and Plan global.
const filename = path.join(fixtureProjectDir, "file.ts");
const client = `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n`;
const withClient = (body: string) => ({ code: client + body, filename });

const prismaValid = [
  withClient(
    `export const add = (tenantId: string, name: string) => prisma.campaign.create({ data: { tenantId, name, status: "draft" } });`,
  ),
  // Connecting the tenant relation sets the tenant.
  withClient(
    `export const add = (tenantId: string, name: string) => prisma.campaign.create({ data: { name, status: "draft", organization: { connect: { id: tenantId } } } });`,
  ),
  withClient(
    `export const many = (tenantId: string, names: string[]) => prisma.campaign.createMany({ data: names.map((name) => ({ name, tenantId, status: "draft" })) });`,
  ),
  withClient(
    `export const save = (tenantId: string, id: string) => prisma.campaign.upsert({ where: { id_tenantId: { id, tenantId } }, create: { id, tenantId, name: "x", status: "draft" }, update: { status: "live" } });`,
  ),
  // Setting the very tenant the filter pins is no move.
  withClient(
    `export const keep = (tenantId: string) => prisma.campaign.updateMany({ where: { tenantId }, data: { tenantId, status: "live" } });`,
  ),
  // A nested create under a scoped parent gets the parent's tenant; a child row has no tenant field of its own.
  withClient(
    `export const addLead = (tenantId: string, id: string, email: string) => prisma.campaign.update({ where: { id_tenantId: { id, tenantId } }, data: { leads: { create: { email } } } });`,
  ),
  withClient(
    `export const lead = (campaignId: string, email: string) => prisma.lead.create({ data: { campaignId, email } });`,
  ),
  withClient(`export const plan = (name: string) => prisma.plan.create({ data: { name } });`),
  // Look-alikes: a hash's update, a Set's delete, an array named like a model.
  withClient(
    `import { createHash } from "node:crypto";\nexport const digest = (s: string) => createHash("sha256").update(s).digest("hex");`,
  ),
  withClient(`export const push = (campaign: { create(x: object): void }) => campaign.create({ name: "x" });`),
];

const prismaInvalid = [
  {
    ...withClient(
      `export const add = (tenantId: string, name: string) => prisma.campaign.create({ data: { name, status: "draft" } });`,
    ),
    errors: [
      {
        messageId: "missingTenantOnInsert" as const,
        line: 3,
        column: 56,
        suggestions: [
          {
            messageId: "addTenantToDocument" as const,
            data: { property: "tenantId" },
            output:
              client +
              `export const add = (tenantId: string, name: string) => prisma.campaign.create({ data: { tenantId, name, status: "draft" } });`,
          },
        ],
      },
    ],
  },
  {
    ...withClient(`export const fromBody = (req: { body: any }) => prisma.campaign.create({ data: req.body });`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 3, column: 49, suggestions: [] }],
  },
  {
    ...withClient(
      `export const many = (tenantId: string) => prisma.campaign.createMany({ data: [{ tenantId, name: "a", status: "x" }, { name: "b", status: "x" }] });`,
    ),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 3, column: 43, suggestions: [] }],
  },
  {
    ...withClient(
      `export const save = (tenantId: string, id: string) => prisma.campaign.upsert({ where: { id_tenantId: { id, tenantId } }, create: { id, name: "x", status: "draft" }, update: {} });`,
    ),
    errors: [{ messageId: "upsertWithoutTenant" as const, line: 3, column: 55 }],
  },
  {
    ...withClient(
      `export const move = (tenantId: string, to: string) => prisma.campaign.updateMany({ where: { tenantId }, data: { tenantId: to } });`,
    ),
    errors: [
      {
        messageId: "tenantReassigned" as const,
        line: 3,
        column: 55,
        data: { method: "updateMany", target: "Campaign", field: "tenantId", operator: "tenantId in data" },
      },
    ],
  },
  {
    ...withClient(
      `export const move = (tenantId: string, to: string) => prisma.campaign.updateMany({ where: { tenantId }, data: { organization: { connect: { id: to } } } });`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 3, column: 55 }],
  },
  {
    ...withClient(
      `export const patch = (tenantId: string, req: { body: any }) => prisma.campaign.updateMany({ where: { tenantId }, data: req.body });`,
    ),
    errors: [{ messageId: "updateFromRequest" as const, line: 3, column: 64 }],
  },
  {
    // A child row moved to another parent may move to another tenant.
    ...withClient(
      `export const move = (tenantId: string, to: string) => prisma.lead.updateMany({ where: { campaign: { tenantId } }, data: { campaign: { connect: { id: to } } } });`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 3, column: 55 }],
  },
  {
    ...withClient(
      `export const seed = () => prisma.$transaction(async (tx) => tx.campaign.create({ data: { name: "x", status: "y" } }));`,
    ),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 3, column: 61, suggestions: [] }],
  },
];

ruleTester.run("require-tenant-on-write (Prisma)", rule, { valid: prismaValid, invalid: prismaInvalid });
typedRuleTester.run("require-tenant-on-write (Prisma, typed)", rule, { valid: prismaValid, invalid: prismaInvalid });

// Drizzle. Untyped cases define their table in the file; typed cases import fixture-project/drizzle-schema.ts.
const drizzleInline = `import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, uuid, text } from "drizzle-orm/pg-core";
import { eq } from "drizzle-orm";
const db = drizzle(process.env.DATABASE_URL!);
const docs = pgTable("docs", { id: uuid("id").primaryKey(), tenantId: uuid("tenant_id"), title: text("title") });
`;
const withDocs = (body: string) => ({ code: drizzleInline + body, filename });
const withBoards = (body: string) => ({
  code: `import { eq } from "drizzle-orm";\nimport { db } from "./drizzle-db.js";\nimport { boards, cards } from "./drizzle-schema.js";\n${body}`,
  filename,
});

const drizzleValid = [
  withDocs(
    `export const add = (tenantId: string, title: string) => db.insert(docs).values({ id: "d1", tenantId, title });`,
  ),
  withDocs(
    `export const addMany = (tenantId: string, titles: string[]) => db.insert(docs).values(titles.map((title) => ({ id: title, tenantId, title })));`,
  ),
  withDocs(
    `export const keep = (tenantId: string) => db.update(docs).set({ tenantId, title: "x" }).where(eq(docs.tenantId, tenantId));`,
  ),
  withDocs(
    `export const upsert = (tenantId: string) => db.insert(docs).values({ id: "d1", tenantId }).onConflictDoUpdate({ target: docs.id, set: { title: "y" } });`,
  ),
  withDocs(
    `import { createHash } from "node:crypto";\nexport const h = (s: string) => createHash("sha256").update(s).digest("hex");`,
  ),
  withDocs(`export const page = (q: string) => { const p = new URLSearchParams(q); p.delete("docs"); return p; };`),
  withBoards(`export const add = (tenantId: string) => db.insert(boards).values({ id: "b1", tenantId, name: "x" });`),
  withBoards(`export const card = (boardId: string) => db.insert(cards).values({ id: "c1", boardId, title: "x" });`),
];

const drizzleInvalid = [
  {
    ...withDocs(`export const add = (title: string) => db.insert(docs).values({ id: "d1", title });`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 6, column: 39, suggestions: [] }],
  },
  {
    ...withDocs(`export const fromBody = (req: { body: any }) => db.insert(docs).values(req.body);`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 6, column: 49 }],
  },
  {
    ...withDocs(
      `export const move = (tenantId: string, req: { body: any }) => db.update(docs).set({ tenantId: req.body.to }).where(eq(docs.tenantId, tenantId));`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 6, column: 63 }],
  },
  {
    ...withDocs(
      `export const steal = (tenantId: string, req: { body: any }) => db.insert(docs).values({ id: "d1", tenantId }).onConflictDoUpdate({ target: docs.id, set: { tenantId: req.body.t } });`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 6, column: 64 }],
  },
  {
    ...withBoards(`export const add = () => db.insert(boards).values({ id: "b1", name: "x" });`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 4, column: 26 }],
  },
];

ruleTester.run("require-tenant-on-write (Drizzle)", rule, { valid: drizzleValid, invalid: drizzleInvalid });
typedRuleTester.run("require-tenant-on-write (Drizzle, typed)", rule, { valid: drizzleValid, invalid: drizzleInvalid });
// Raw SQL: tables from tests/fixture-project/migrations/001_init.sql.
const pgPool = `import { Pool } from "pg";\nconst pool = new Pool();\n`;
const withPool = (body: string) => ({ code: pgPool + body, filename });

const rawSqlValid = [
  withPool(
    `export const add = (tenantId: string, id: string) => pool.query("INSERT INTO orders (id, tenant_id, status, total_cents) VALUES ($1, $2, 'open', 0)", [id, tenantId]);`,
  ),
  withPool(
    `export const close = (tenantId: string, id: string) => pool.query("UPDATE orders SET status = 'closed' WHERE id = $1 AND tenant_id = $2", [id, tenantId]);`,
  ),
  withPool(`export const country = () => pool.query("INSERT INTO countries (code, name) VALUES ('fr', 'France')");`),
  // A hash's update is no write.
  withPool(
    `import { createHash } from "node:crypto";\nexport const digest = (s: string) => createHash("sha256").update(s).digest("hex");`,
  ),
];

const rawSqlInvalid = [
  {
    ...withPool(
      `export const add = (id: string) => pool.query("INSERT INTO orders (id, status, total_cents) VALUES ($1, 'open', 0)", [id]);`,
    ),
    errors: [
      {
        messageId: "missingTenantOnInsert" as const,
        line: 3,
        column: 36,
        data: { method: "query", target: "orders", field: "tenant_id" },
      },
    ],
  },
  {
    ...withPool(
      `export const move = (id: string, to: string) => pool.query("UPDATE orders SET tenant_id = $1 WHERE id = $2", [to, id]);`,
    ),
    errors: [
      {
        messageId: "tenantReassigned" as const,
        line: 3,
        column: 49,
        data: { method: "query", target: "orders", field: "tenant_id", operator: "tenant_id in SET" },
      },
    ],
  },
  {
    code: `import postgres from "postgres";\nconst sql = postgres();\nexport const add = (row: { id: string; status: string }) => sql\`INSERT INTO orders \${sql(row, "id", "status")}\`;`,
    filename,
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 3, column: 61 }],
  },
  {
    code: `import { createClient } from "@clickhouse/client";\nconst ch = createClient();\nexport const log = (id: string) => ch.insert({ table: "orders", values: [{ id, status: "open" }], format: "JSONEachRow" });`,
    filename,
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 3, column: 36 }],
  },
];

ruleTester.run("require-tenant-on-write (raw SQL)", rule, { valid: rawSqlValid, invalid: rawSqlInvalid });
typedRuleTester.run("require-tenant-on-write (raw SQL, typed)", rule, { valid: rawSqlValid, invalid: rawSqlInvalid });
// TypeORM and Kysely, with fixture-project/typeorm-entities.ts and kysely-db.ts as the schema.
const typeormHeader = `import { DataSource } from "typeorm";\nimport { Ticket } from "./typeorm-entities.js";\nconst ds = new DataSource({ type: "postgres" });\n`;
const withTypeorm = (body: string) => ({ code: typeormHeader + body, filename });
const withKysely = (body: string) => ({ code: `import { kdb } from "./kysely-db.js";\n${body}`, filename });

const sqlLayersValid = [
  withTypeorm(`export const add = (tenantId: string) => ds.getRepository(Ticket).insert({ tenantId, subject: "x" });`),
  withTypeorm(
    `export async function add(tenantId: string) {\n  const t = ds.getRepository(Ticket).create({ subject: "x" });\n  t.tenantId = tenantId;\n  return ds.getRepository(Ticket).save(t);\n}`,
  ),
  withTypeorm(
    `export const keep = (tenantId: string, id: string) => ds.getRepository(Ticket).update({ id, tenantId }, { tenantId, subject: "y" });`,
  ),
  withKysely(
    `export const add = (tenantId: string) => kdb.insertInto("events").values({ tenant_id: tenantId, kind: "x" }).execute();`,
  ),
  withKysely(
    `export const upsert = (tenantId: string) => kdb.insertInto("events").values({ tenant_id: tenantId, kind: "x" }).onConflict((oc) => oc.column("id").doUpdateSet({ kind: "y" })).execute();`,
  ),
];

const sqlLayersInvalid = [
  {
    ...withTypeorm(`export const add = () => ds.getRepository(Ticket).insert({ subject: "x" });`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 4, column: 26 }],
  },
  {
    ...withTypeorm(`export const add = () => ds.getRepository(Ticket).save([{ subject: "x" }]);`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 4, column: 26 }],
  },
  {
    ...withTypeorm(
      `export const move = (tenantId: string, id: string, to: string) => ds.getRepository(Ticket).update({ id, tenantId }, { tenantId: to });`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 4, column: 67 }],
  },
  {
    ...withKysely(`export const add = () => kdb.insertInto("events").values({ kind: "x" }).execute();`),
    errors: [{ messageId: "missingTenantOnInsert" as const, line: 2, column: 26 }],
  },
  {
    ...withKysely(
      `export const move = (t: string, to: string) => kdb.updateTable("events").set({ tenant_id: to }).where("tenant_id", "=", t).execute();`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 2, column: 48 }],
  },
  {
    ...withKysely(
      `export const upsert = (t: string) => kdb.insertInto("events").values({ tenant_id: t, kind: "x" }).onConflict((oc) => oc.column("id").doUpdateSet({ tenant_id: t })).execute();`,
    ),
    errors: [{ messageId: "tenantReassigned" as const, line: 2, column: 38 }],
  },
];

ruleTester.run("require-tenant-on-write (TypeORM, Kysely)", rule, { valid: sqlLayersValid, invalid: sqlLayersInvalid });
typedRuleTester.run("require-tenant-on-write (TypeORM, Kysely, typed)", rule, {
  valid: sqlLayersValid,
  invalid: sqlLayersInvalid,
});
