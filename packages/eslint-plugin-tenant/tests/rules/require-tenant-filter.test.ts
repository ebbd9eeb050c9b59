import rule from "../../src/rules/require-tenant-filter.js";
import path from "node:path";
import { fixtureProjectDir, ruleTester, typedRuleTester } from "../rule-tester.js";

// Two lines declare a tenant-owned model; each case's own code starts on line 3.
const models = `import mongoose, { model, Schema, type Model } from "mongoose";
const Campaign = model("Campaign", new Schema({ tenantId: String, name: String, status: String }));
`;
const withModels = (body: string): string => models + body;

ruleTester.run("require-tenant-filter", rule, {
  valid: [
    // Arrays: `find` takes a callback and searches memory, not a collection.
    withModels(`export const pick = (users: { id: string }[], id: string) => users.find((u) => u.id === id);`),
    withModels(
      `const rows = [{ id: "1", status: "a" }];\nexport const first = rows.filter((r) => r.status === "a").find((r) => r.id === "1");`,
    ),
    withModels(`export const keys = (o: object) => Object.keys(o).find((k) => k === "tenantId");`),
    // Maps, Sets, URLSearchParams and Headers: `get`, `delete`, `has` are in-memory lookups.
    withModels(`const byId = new Map<string, number>();\nbyId.get("a");\nbyId.delete("a");`),
    withModels(`const seen = new Set<string>();\nseen.delete("a");\nexport const has = seen.has("a");`),
    withModels(`export const page = (q: string) => new URLSearchParams(q).get("page");`),
    withModels(`export const auth = (h: Headers) => h.get("authorization");`),
    // lodash: `_.find` and `_.findLast` search arrays.
    withModels(`import _ from "lodash";\nexport const one = (xs: { id: string }[]) => _.find(xs, { id: "1" });`),
    withModels(`import { findLast } from "lodash";\nexport const last = (xs: number[]) => findLast(xs, (x) => x > 1);`),
    // A user's own object of unknown type: `repo.find(x)` cannot be decided, so it is not reported.
    withModels(`export const load = (repo: any, x: object) => repo.find(x);`),
    withModels(`import { repo } from "./repo.js";\nexport const all = () => repo.findOne({});`),
    // Firestore's `collection('x')` is not a MongoDB collection.
    withModels(
      `import { getFirestore } from "firebase-admin/firestore";\nconst db = getFirestore();\nexport const q = () => db.collection("users").where("a", "==", 1).get();\nexport const n = () => db.collection("users").count();`,
    ),
    // Global models: the schema has no tenant field, so every tenant reads the same documents.
    withModels(
      `const Plan = model("Plan", new Schema({ code: String, priceCents: Number }));\nexport const plans = () => Plan.find({});`,
    ),
    withModels(
      `const PlanSchema = new mongoose.Schema({ code: String });\nconst Plan = mongoose.model("Plan", PlanSchema);\nexport const plan = (code: string) => Plan.findOne({ code });`,
    ),
    // globalCollections: shared on purpose, by model or collection name.
    {
      code: withModels(
        `const Country = model("Country", new Schema({ tenantId: String, code: String }));\nexport const all = () => Country.find({});`,
      ),
      settings: { tenant: { globalCollections: ["Country"] } },
    },
    {
      code: withModels(
        `import { MongoClient } from "mongodb";\nconst db = new MongoClient("mongodb://x").db("app");\nexport const flags = () => db.collection("feature_flags").find({}).toArray();`,
      ),
      settings: { tenant: { globalCollections: ["feature_flags"] } },
    },
    // The tenant at the top level of the filter: a key, shorthand, or a trusted member.
    withModels(`export const list = (tenantId: string) => Campaign.find({ tenantId, status: "active" });`),
    withModels(
      `export const list = (req: { user: { tenantId: string } }) => Campaign.find({ tenantId: req.user.tenantId });`,
    ),
    withModels(`export const one = (t: string, id: string) => Campaign.findOne({ _id: id, tenantId: { $eq: t } });`),
    withModels(`export const some = (a: string, b: string) => Campaign.find({ tenantId: { $in: [a, b] } });`),
    // Scope helpers: configured names, and local functions whose returned object carries the tenant.
    withModels(
      `import { tenantQuery } from "./tenancy.js";\nexport const list = (t: string) => Campaign.find(tenantQuery(t, { status: "active" }));`,
    ),
    {
      code: withModels(
        `import { scoped } from "./tenancy.js";\nexport const list = (t: string) => Campaign.find(scoped(t));`,
      ),
      settings: { tenant: { scopeHelpers: ["scoped"] } },
    },
    withModels(
      `const forTenant = (tenantId: string, extra = {}) => ({ ...extra, tenantId });\nexport const list = (t: string) => Campaign.countDocuments(forTenant(t, { status: "a" }));`,
    ),
    // Spreads and Object.assign of objects known to hold the tenant.
    withModels(
      `export function list(tenantId: string) {\n  const scope = { tenantId };\n  return Campaign.find({ ...scope, status: "active" });\n}`,
    ),
    withModels(
      `export function list(tenantId: string, extra: object) {\n  return Campaign.find(Object.assign({}, extra, { tenantId }));\n}`,
    ),
    // The tenant after a caller's filter overrides whatever the filter held.
    withModels(`export const list = (filter: object, tenantId: string) => Campaign.find({ ...filter, tenantId });`),
    // A filter variable given the tenant later, before the query.
    withModels(
      `export function list(tenantId: string, status?: string) {\n  const filter: Record<string, unknown> = {};\n  if (status) filter.status = status;\n  filter.tenantId = tenantId;\n  return Campaign.find(filter);\n}`,
    ),
    withModels(
      `export function list(tenantId: string) {\n  const filter = { status: "a" };\n  Object.assign(filter, { tenantId });\n  return Campaign.find(filter);\n}`,
    ),
    // $and: one branch with the tenant is enough; $or: every branch carries it.
    withModels(`export const list = (tenantId: string) => Campaign.find({ $and: [{ tenantId }, { status: "a" }] });`),
    withModels(
      `export const list = (tenantId: string) => Campaign.find({ $or: [{ tenantId, status: "a" }, { tenantId, name: "x" }] });`,
    ),
    withModels(
      `export const list = (tenantId: string) => Campaign.find({ tenantId, $or: [{ status: "a" }, { name: "x" }] });`,
    ),
    // Mongoose query chains that add the tenant after the fact.
    withModels(`export const list = (t: string) => Campaign.find().where("tenantId").equals(t);`),
    withModels(`export const list = (tenantId: string) => Campaign.find({ status: "a" }).where({ tenantId }).lean();`),
    withModels(`export const one = (t: string, id: string) => Campaign.findById(id).where("tenantId", t);`),
    // A query kept in a variable and scoped by a later statement (unconditional: scoped; under an `if`: unverified).
    withModels(
      `export function list(tenantId: string, status?: string) {\n  const q = Campaign.find({ status: status ?? "active" });\n  q.where({ tenantId });\n  return q.lean().exec();\n}`,
    ),
    withModels(
      `export function list(tenantId: string, status?: string) {\n  const q = Campaign.find();\n  if (status) q.where("status", status);\n  return q.where("tenantId").equals(tenantId).exec();\n}`,
    ),
    withModels(
      `export function list(tenantId: string, scoped: boolean) {\n  const q = Campaign.find();\n  if (scoped) q.where({ tenantId });\n  return q.exec();\n}`,
    ),
    // Load, then authorize through a helper given the document and the tenant: unverified, not reported.
    withModels(
      `import { assertSameTenant } from "./auth.js";\nexport async function show(tenantId: string, id: string) {\n  const c = await Campaign.findById(id);\n  assertSameTenant(c, tenantId);\n  return c;\n}`,
    ),
    // Load, then authorize: the loaded document's tenant is compared with the caller's before use.
    withModels(
      `export async function show(tenantId: string, id: string) {\n  const c = await Campaign.findById(id);\n  if (!c || c.tenantId !== tenantId) throw new Error("not found");\n  return c;\n}`,
    ),
    withModels(
      `export async function show(tenantId: string, id: string) {\n  const c = await Campaign.findById(id).lean();\n  if (String(c?.tenantId) !== tenantId) return null;\n  return c;\n}`,
    ),
    withModels(
      `export async function show(tenantId: string, id: string) {\n  const c = await Campaign.findById(id).orFail();\n  if (c.get("tenantId") !== tenantId) throw new Error("forbidden");\n  return c;\n}`,
    ),
    // Aggregates whose first stage is a tenant $match (literal, variable, or Mongoose's .match()).
    withModels(
      `export const stats = (tenantId: string) => Campaign.aggregate([{ $match: { tenantId } }, { $group: { _id: "$status" } }]);`,
    ),
    withModels(
      `export function stats(tenantId: string) {\n  const match = { $match: { tenantId, status: "a" } };\n  return Campaign.aggregate([match, { $count: "n" }]);\n}`,
    ),
    withModels(
      `export const stats = (tenantId: string) => Campaign.aggregate().match({ tenantId }).group({ _id: "$status" });`,
    ),
    // bulkWrite whose every filtered operation is scoped (inserts are require-tenant-on-write's).
    withModels(
      `export const bulk = (tenantId: string, ids: string[]) =>\n  Campaign.bulkWrite(ids.map((id) => ({ updateOne: { filter: { _id: id, tenantId }, update: { $set: { status: "a" } } } })));`,
    ),
    // distinct takes its filter second.
    withModels(`export const names = (tenantId: string) => Campaign.distinct("name", { tenantId });`),
    // A filter the analysis cannot see into (a parameter) is unverified, not reported.
    withModels(`export const list = (filter: object) => Campaign.find(filter);`),
    // A configured tenant field other than tenantId.
    {
      code: withModels(`export const list = (orgId: string) => Campaign.find({ orgId });`),
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
    // With tenantFields ["orgId"], a schema without orgId is global, whatever else it holds.
    {
      code: withModels(`export const list = () => Campaign.find({});`),
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
    // A tenant plugin on the schema filters every query itself: the call alone cannot tell (unverified).
    `import { model, Schema } from "mongoose";\nimport { tenantPlugin } from "./plugins.js";\nconst schema = new Schema({ tenantId: String, email: String });\nschema.plugin(tenantPlugin);\nconst Lead = model("Lead", schema);\nexport const all = () => Lead.find({});`,
    // The tenant registry holds one document per tenant: global by nature.
    `import { model, Schema } from "mongoose";\nconst Tenant = model("Tenant", new Schema({ tenantId: String, name: String }));\nexport const all = () => Tenant.find({});`,
    // The client's filter, given the tenant before the query runs.
    withModels(
      `export function search(req: { query: Record<string, unknown> }, tenantId: string) {\n  const filter = req.query;\n  filter.tenantId = tenantId;\n  return Campaign.find(filter);\n}`,
    ),
    // NestJS injection names the model: the tenant registry, and a model listed in globalCollections.
    `import type { Model } from "mongoose";\ndeclare function InjectModel(name: string): ParameterDecorator;\nclass Tenant {}\ninterface TenantDocument { domain: string }\nexport class Tenants {\n  constructor(@InjectModel(Tenant.name) private readonly tenantModel: Model<TenantDocument>) {}\n  byDomain(domain: string) {\n    return this.tenantModel.findOne({ domain });\n  }\n}`,
    {
      code: `import type { Model } from "mongoose";\ndeclare function InjectModel(name: string): ParameterDecorator;\ninterface PlanDocument { code: string }\nexport class Plans {\n  constructor(@InjectModel("Plan") private readonly planModel: Model<PlanDocument>) {}\n  all() {\n    return this.planModel.find({});\n  }\n}`,
      settings: { tenant: { globalCollections: ["Plan"] } },
    },
    // The request's values assigned first, the tenant last: the tenant wins.
    withModels(
      `export const search = (req: { query: object }, tenantId: string) => Campaign.find(Object.assign({}, req.query, { tenantId }));`,
    ),
    // A registered model whose schema has no tenant field stays global.
    `import mongoose, { Schema } from "mongoose";\nconst Country = mongoose.models.Country || mongoose.model("Country", new Schema({ code: String }));\nexport const all = () => Country.find({});`,
    // Inserts are require-tenant-on-write's concern, not this rule's.
    withModels(`export const add = () => Campaign.create({ name: "x" });`),
  ],
  invalid: [
    {
      code: `import type { Model } from "mongoose";\ndeclare function InjectModel(name: string): ParameterDecorator;\ninterface CampaignDocument { tenantId: string; name: string }\nexport class Campaigns {\n  constructor(@InjectModel("Campaign") private readonly campaignModel: Model<CampaignDocument>) {}\n  all() {\n    return this.campaignModel.find({});\n  }\n}`,
      errors: [{ messageId: "missingTenantFilter", line: 7, column: 12, suggestions: [] }],
    },
    {
      // A model's raw driver collection holds the same documents, and no Mongoose middleware guards it.
      code: withModels(`export const purge = () => Campaign.collection.deleteMany({});`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 28, suggestions: [] }],
    },
    {
      // findById: lookup by id alone.
      code: withModels(`export function show(tenantId: string, id: string) {\n  return Campaign.findById(id);\n}`),
      errors: [
        {
          messageId: "lookupById",
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: "useTenantLookup",
              data: { replacement: "findOne", property: "tenantId" },
              output: withModels(
                `export function show(tenantId: string, id: string) {\n  return Campaign.findOne({ _id: id, tenantId });\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      // findById compared with something that is not the tenant is not authorization.
      code: withModels(
        `export async function show(tenantId: string, userId: string, id: string) {\n  const c = await Campaign.findById(id);\n  if (c?.name !== userId) throw new Error("x");\n  return c;\n}`,
      ),
      errors: [
        {
          messageId: "lookupById",
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: "useTenantLookup",
              data: { replacement: "findOne", property: "tenantId" },
              output: withModels(
                `export async function show(tenantId: string, userId: string, id: string) {\n  const c = await Campaign.findOne({ _id: id, tenantId });\n  if (c?.name !== userId) throw new Error("x");\n  return c;\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      // No tenant value in scope: the finding stands without a suggestion.
      code: withModels(`export const show = (id: string) => Campaign.findById(id);`),
      errors: [{ messageId: "lookupById", line: 3, column: 37, suggestions: [] }],
    },
    {
      // findByIdAndUpdate writes before anyone could compare: never authorizable afterwards.
      code: withModels(
        `export async function rename(tenantId: string, id: string) {\n  const c = await Campaign.findByIdAndUpdate(id, { name: "x" });\n  if (c?.tenantId !== tenantId) throw new Error("too late");\n}`,
      ),
      errors: [
        {
          messageId: "lookupById",
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: "useTenantLookup",
              data: { replacement: "findOneAndUpdate", property: "tenantId" },
              output: withModels(
                `export async function rename(tenantId: string, id: string) {\n  const c = await Campaign.findOneAndUpdate({ _id: id, tenantId }, { name: "x" });\n  if (c?.tenantId !== tenantId) throw new Error("too late");\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const drop = (tenantId: string, id: string) => Campaign.findByIdAndDelete(id);`),
      errors: [
        {
          messageId: "lookupById",
          line: 3,
          column: 55,
          suggestions: [
            {
              messageId: "useTenantLookup",
              data: { replacement: "findOneAndDelete", property: "tenantId" },
              output: withModels(
                `export const drop = (tenantId: string, id: string) => Campaign.findOneAndDelete({ _id: id, tenantId });`,
              ),
            },
          ],
        },
      ],
    },
    {
      // An empty filter matches every tenant's documents.
      code: withModels(`export const list = (tenantId: string) => Campaign.find({});`),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 43,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(`export const list = (tenantId: string) => Campaign.find({ tenantId });`),
            },
          ],
        },
      ],
    },
    {
      // No filter at all.
      code: withModels(`export const list = (tenantId: string) => Campaign.find();`),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 43,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(`export const list = (tenantId: string) => Campaign.find({ tenantId });`),
            },
          ],
        },
      ],
    },
    {
      // The caller's own query string never carries the verified tenant.
      code: withModels(
        `export function search(req: { query: object; user: { tenantId: string } }) {\n  const { tenantId } = req.user;\n  return Campaign.find(req.query);\n}`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export function search(req: { query: object; user: { tenantId: string } }) {\n  const { tenantId } = req.user;\n  return Campaign.find({ ...req.query, tenantId });\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const search = (req: { query: object }) => Campaign.find({ ...req.query });`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 51, suggestions: [] }],
    },
    {
      code: withModels(`export const purge = (req: { body: object }) => Campaign.deleteMany(req.body);`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 49, suggestions: [] }],
    },
    {
      // A request spread after the tenant can replace it: `?tenantId=other`.
      code: withModels(
        `export const search = (req: { query: object }, tenantId: string) => Campaign.find({ tenantId, ...req.query });`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 69,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export const search = (req: { query: object }, tenantId: string) => Campaign.find({ ...req.query, tenantId });`,
              ),
            },
          ],
        },
      ],
    },
    {
      // Object.assign: later sources win, so the query string can replace the tenant.
      code: withModels(
        `export const search = (req: { query: object }, tenantId: string) => Campaign.find(Object.assign({ tenantId }, req.query));`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 69,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export const search = (req: { query: object }, tenantId: string) => Campaign.find({ ...Object.assign({ tenantId }, req.query), tenantId });`,
              ),
            },
          ],
        },
      ],
    },
    {
      // A part of the request (a filter object the client sends) is the client's choice too.
      code: withModels(
        `export const search = (req: { query: { filter: object } }) => Campaign.find(req.query.filter);`,
      ),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 63, suggestions: [] }],
    },
    {
      code: withModels(
        `export function search(req: { body: { filter: object } }, tenantId: string) {\n  const { filter } = req.body;\n  return Campaign.find({ tenantId, ...filter });\n}`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export function search(req: { body: { filter: object } }, tenantId: string) {\n  const { filter } = req.body;\n  return Campaign.find({ ...filter, tenantId });\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      // Models made on a connection with a schema, and the Next.js `models.X || model(...)` idiom.
      code: `import mongoose, { Schema } from "mongoose";\nconst conn = mongoose.createConnection("mongodb://x");\nconst Audit = conn.model("Audit", new Schema({ tenantId: String, action: String }));\nexport const all = () => Audit.find({});`,
      errors: [{ messageId: "missingTenantFilter", line: 4, column: 26, suggestions: [] }],
    },
    {
      code: `import mongoose, { Schema } from "mongoose";\nconst schema = new Schema({ tenantId: String, title: String });\nconst Doc = mongoose.models.Doc || mongoose.model("Doc", schema);\nexport const all = () => Doc.find({});`,
      errors: [{ messageId: "missingTenantFilter", line: 4, column: 26, suggestions: [] }],
    },
    {
      // An explicit undefined after a spread removes whatever tenant the spread held.
      code: withModels(`export const list = (filter: object) => Campaign.find({ ...filter, tenantId: undefined });`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 41, suggestions: [] }],
    },
    {
      // $or where only some branches carry the tenant.
      code: withModels(
        `export const list = (tenantId: string) => Campaign.find({ $or: [{ tenantId }, { status: "public" }] });`,
      ),
      errors: [{ messageId: "partialOr", line: 3, column: 43, suggestions: [] }],
    },
    {
      // $nor negates: a tenant inside it selects every other tenant.
      code: withModels(`export const others = (tenantId: string) => Campaign.find({ $nor: [{ tenantId }] });`),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export const others = (tenantId: string) => Campaign.find({ tenantId, $nor: [{ tenantId }] });`,
              ),
            },
          ],
        },
      ],
    },
    {
      // $not on the tenant field: every tenant but one.
      code: withModels(
        `export const others = (t: string, tenantId: string) => Campaign.find({ tenantId: { $not: { $eq: t } } });`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 56,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(`export const others = (t: string, tenantId: string) => Campaign.find({ tenantId });`),
            },
          ],
        },
      ],
    },
    {
      // tenantId: undefined is dropped by the driver: the filter matches everyone.
      code: withModels(
        `export const list = (tenantId: string) => Campaign.find({ status: "a", tenantId: undefined });`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 43,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(`export const list = (tenantId: string) => Campaign.find({ status: "a", tenantId });`),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const list = () => Campaign.find({ tenantId: null });`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 27, suggestions: [] }],
    },
    {
      code: withModels(`export const others = (tenantId: string) => Campaign.find({ tenantId: { $ne: tenantId } });`),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(`export const others = (tenantId: string) => Campaign.find({ tenantId });`),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const tagged = () => Campaign.countDocuments({ tenantId: { $exists: true } });`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 29, suggestions: [] }],
    },
    {
      // Aggregate without a leading $match.
      code: withModels(
        `export const stats = () => Campaign.aggregate([{ $group: { _id: "$status", n: { $sum: 1 } } }]);`,
      ),
      errors: [{ messageId: "aggregateWithoutMatch", line: 3, column: 28, suggestions: [] }],
    },
    {
      // A tenant $match that is not first: the stages before it see every tenant.
      code: withModels(
        `export const stats = (tenantId: string) =>\n  Campaign.aggregate([{ $lookup: { from: "leads", localField: "_id", foreignField: "c", as: "l" } }, { $match: { tenantId } }]);`,
      ),
      errors: [{ messageId: "aggregateWithoutMatch", line: 4, column: 3, suggestions: [] }],
    },
    {
      code: withModels(`export const stats = () => Campaign.aggregate().group({ _id: "$status" });`),
      errors: [{ messageId: "aggregateWithoutMatch", line: 3, column: 28, suggestions: [] }],
    },
    {
      // A $match first, but without the tenant.
      code: withModels(`export const stats = () => Campaign.aggregate([{ $match: { status: "a" } }]);`),
      errors: [{ messageId: "aggregateWithoutMatch", line: 3, column: 28, suggestions: [] }],
    },
    {
      // bulkWrite: one unscoped operation is enough.
      code: withModels(
        `export const bulk = (tenantId: string, ids: string[]) =>\n  Campaign.bulkWrite([{ updateOne: { filter: { _id: ids[0], tenantId }, update: { $set: { a: 1 } } } }, { deleteMany: { filter: { status: "x" } } }]);`,
      ),
      errors: [{ messageId: "missingTenantFilter", line: 4, column: 3, suggestions: [] }],
    },
    {
      code: withModels(
        `export const bulk = (ids: string[]) => Campaign.bulkWrite(ids.map((id) => ({ deleteOne: { filter: { _id: id } } })));`,
      ),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 40, suggestions: [] }],
    },
    {
      // estimatedDocumentCount takes no filter at all.
      code: withModels(`export const total = () => Campaign.estimatedDocumentCount();`),
      errors: [{ messageId: "unscopableCount", line: 3, column: 28, suggestions: [] }],
    },
    {
      code: withModels(`export const total = (tenantId: string) => Campaign.countDocuments();`),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(`export const total = (tenantId: string) => Campaign.countDocuments({ tenantId });`),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const emails = () => Campaign.distinct("name");`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 29, suggestions: [] }],
    },
    {
      code: withModels(`export const taken = (name: string) => Campaign.exists({ name });`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 40, suggestions: [] }],
    },
    {
      code: withModels(
        `export const pause = (tenantId: string) => Campaign.updateMany({ status: "active" }, { $set: { status: "paused" } });`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 44,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export const pause = (tenantId: string) => Campaign.updateMany({ tenantId, status: "active" }, { $set: { status: "paused" } });`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: withModels(`export const drop = (id: string) => Campaign.deleteOne({ _id: id });`),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 37, suggestions: [] }],
    },
    {
      code: withModels(
        `export const rename = (id: string) => Campaign.findOneAndUpdate({ _id: id }, { name: "x" }, { new: true });`,
      ),
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 39, suggestions: [] }],
    },
    {
      code: withModels(
        `export const swap = (id: string, tenantId: string) => Campaign.replaceOne({ _id: id }, { tenantId, name: "x" });`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 55,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export const swap = (id: string, tenantId: string) => Campaign.replaceOne({ tenantId, _id: id }, { tenantId, name: "x" });`,
              ),
            },
          ],
        },
      ],
    },
    {
      // A chain points at its start; a multi-line filter keeps the suggestion's layout.
      code: withModels(
        `export async function list(tenantId: string) {\n  return Campaign.find({\n    status: "active",\n  })\n    .sort({ name: 1 })\n    .limit(20);\n}`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export async function list(tenantId: string) {\n  return Campaign.find({\n    tenantId,\n    status: "active",\n  })\n    .sort({ name: 1 })\n    .limit(20);\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      // A query kept in a variable that nothing scopes later.
      code: withModels(
        `export function list(tenantId: string) {\n  const q = Campaign.find({ status: "a" });\n  q.sort({ name: 1 }).limit(10);\n  return q.exec();\n}`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export function list(tenantId: string) {\n  const q = Campaign.find({ tenantId, status: "a" });\n  q.sort({ name: 1 }).limit(10);\n  return q.exec();\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      // The tenant is assigned to the filter only after the query ran.
      code: withModels(
        `export async function list(tenantId: string) {\n  const filter: Record<string, unknown> = { status: "a" };\n  const found = await Campaign.find(filter);\n  filter.tenantId = tenantId;\n  return found;\n}`,
      ),
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 5,
          column: 23,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: withModels(
                `export async function list(tenantId: string) {\n  const filter: Record<string, unknown> = { status: "a" };\n  const found = await Campaign.find({ ...filter, tenantId });\n  filter.tenantId = tenantId;\n  return found;\n}`,
              ),
            },
          ],
        },
      ],
    },
    {
      // MongoDB driver collections from db.collection("name").
      code: `import { MongoClient } from "mongodb";\nconst db = new MongoClient("mongodb://x").db("app");\nexport const one = (id: string) => db.collection("campaigns").findOne({ _id: id });`,
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 36, suggestions: [] }],
    },
    {
      code: `import type { Db } from "mongodb";\nexport async function wipe(db: Db, tenantId: string) {\n  const leads = db.collection("leads");\n  await leads.deleteMany({});\n}`,
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: `import type { Db } from "mongodb";\nexport async function wipe(db: Db, tenantId: string) {\n  const leads = db.collection("leads");\n  await leads.deleteMany({ tenantId });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A `Collection<T>` annotation.
      code: `import type { Collection } from "mongodb";\nexport const open = (events: Collection) => events.find({ type: "open" });`,
      errors: [{ messageId: "missingTenantFilter", line: 2, column: 45, suggestions: [] }],
    },
    {
      // NestJS: a model injected into a constructor parameter property, annotated Model<T>.
      code: withModels(
        `interface CampaignDoc { tenantId: string; name: string }\nexport class CampaignsService {\n  constructor(private readonly campaignModel: Model<CampaignDoc>) {}\n  findAll() {\n    return this.campaignModel.find().exec();\n  }\n}`,
      ),
      errors: [{ messageId: "missingTenantFilter", line: 7, column: 12, suggestions: [] }],
    },
    {
      // A class field annotated with mongoose.Model.
      code: `import mongoose from "mongoose";\nexport class Repo {\n  protected model!: mongoose.Model<{ tenantId: string }>;\n  one(id: string) {\n    return this.model.findById(id);\n  }\n}`,
      errors: [{ messageId: "lookupById", line: 5, column: 12, suggestions: [] }],
    },
    {
      // mongoose.model() with the schema in a variable.
      code: `import mongoose from "mongoose";\nconst LeadSchema = new mongoose.Schema({ tenantId: String, email: String });\nexport const Lead = mongoose.model("Lead", LeadSchema);\nexport const byEmail = (email: string) => Lead.findOne({ email });`,
      errors: [{ messageId: "missingTenantFilter", line: 4, column: 43, suggestions: [] }],
    },
    {
      // A schema extended by a plugin may gain the tenant field: it stays tenant-owned, not global.
      code: `import { model, Schema } from "mongoose";\nimport { softDelete } from "./plugins.js";\nconst schema = new Schema({ email: String });\nschema.plugin(softDelete);\nconst Lead = model("Lead", schema);\nexport const all = () => Lead.find({});`,
      errors: [{ messageId: "missingTenantFilter", line: 6, column: 26, suggestions: [] }],
    },
    {
      // A configured tenant field: tenantId alone does not satisfy `orgId`.
      code: `import { model, Schema } from "mongoose";\nconst Deal = model("Deal", new Schema({ orgId: String, tenantId: String }));\nexport const list = (orgId: string, tenantId: string) => Deal.find({ tenantId });`,
      settings: { tenant: { tenantFields: ["orgId"] } },
      errors: [
        {
          messageId: "missingTenantFilter",
          line: 3,
          column: 58,
          suggestions: [
            {
              messageId: "addTenantToFilter",
              output: `import { model, Schema } from "mongoose";\nconst Deal = model("Deal", new Schema({ orgId: String, tenantId: String }));\nexport const list = (orgId: string, tenantId: string) => Deal.find({ orgId, tenantId });`,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester.run("require-tenant-filter (typed)", rule, {
  valid: [
    // A model whose document type has no tenant field is global.
    `import { Plan } from "./models.js";\nexport const plans = () => Plan.find({});`,
    `import type { Model } from "mongoose";\nexport const codes = (countries: Model<{ code: string; name: string }>) => countries.find({});`,
    // Imported models queried with the tenant.
    `import { Campaign } from "./models.js";\nexport const list = (tenantId: string) => Campaign.find({ tenantId });`,
    `import { leads } from "./models.js";\nexport const one = (tenantId: string, email: string) => leads.findOne({ email, tenantId });`,
    // An array typed from another file stays an array.
    `import type { CampaignDoc } from "./models.js";\nexport const pick = (docs: CampaignDoc[]) => docs.find((d) => d.status === "active");`,
    // A custom receiver queried with the tenant.
    {
      code: `import { campaignRepository } from "./repositories.js";\nexport const list = (tenantId: string) => campaignRepository.find({ tenantId });`,
      settings: { tenant: { receivers: { collection: ["BaseRepository"] } } },
    },
    // Without the setting, the in-house wrapper is unknown.
    `import { campaignRepository } from "./repositories.js";\nexport const all = () => campaignRepository.find({});`,
  ],
  invalid: [
    {
      // Typed, Mongoose's connection.collection("x") is still the driver collection syntax shows.
      code: `import mongoose from "mongoose";\nexport const everyone = () => mongoose.connection.collection("leads").find({ status: "new" });`,
      errors: [{ messageId: "missingTenantFilter", line: 2, column: 31, suggestions: [] }],
    },
    {
      // A model imported from another file: only the type checker knows it is a model.
      code: `import { Campaign } from "./models.js";\nexport const all = () => Campaign.find({ status: "active" });`,
      errors: [{ messageId: "missingTenantFilter", line: 2, column: 26, suggestions: [] }],
    },
    {
      code: `import { Lead } from "./models.js";\nexport const show = (id: string) => Lead.findById(id);`,
      errors: [{ messageId: "lookupById", line: 2, column: 37, suggestions: [] }],
    },
    {
      // A driver collection imported from another file.
      code: `import { leads } from "./models.js";\nexport const byEmail = (email: string) => leads.findOne({ email });`,
      errors: [{ messageId: "missingTenantFilter", line: 2, column: 43, suggestions: [] }],
    },
    {
      // Model<T> where T has the tenant field.
      code: `import type { Model } from "mongoose";\nimport type { CampaignDoc } from "./models.js";\nexport const wipe = (campaigns: Model<CampaignDoc>) => campaigns.deleteMany({});`,
      errors: [{ messageId: "missingTenantFilter", line: 3, column: 56, suggestions: [] }],
    },
    {
      // Custom receivers from the settings: a class extending the configured BaseRepository...
      code: `import { campaignRepository } from "./repositories.js";\nexport const all = () => campaignRepository.find({});`,
      settings: { tenant: { receivers: { collection: ["BaseRepository"] } } },
      errors: [{ messageId: "missingTenantFilter", line: 2, column: 26, suggestions: [] }],
    },
    {
      // ...and a value declared with the configured TenantCollection interface.
      code: `import { auditEvents } from "./repositories.js";\nexport const recent = () => auditEvents.find({ type: "login" });`,
      settings: {
        tenant: { receivers: { collection: [{ name: "TenantCollection", from: "file", path: "repositories.ts" }] } },
      },
      errors: [{ messageId: "missingTenantFilter", line: 2, column: 29, suggestions: [] }],
    },
  ],
});

// Prisma: linted as fixture-project/file.ts, whose package's prisma/schema.prisma says Campaign is
// tenant-owned, Lead owned through Campaign, Organization the registry and Plan global.
const filename = path.join(fixtureProjectDir, "file.ts");
const client = `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n`;
const withClient = (body: string) => ({ code: client + body, filename });

const prismaValid = [
  // A where with the tenant, in every shape that pins it.
  withClient(
    `export const list = (tenantId: string) => prisma.campaign.findMany({ where: { tenantId, status: "active" } });`,
  ),
  withClient(
    `export const one = (tenantId: string) => prisma.campaign.findFirst({ where: { tenantId: { equals: tenantId } } });`,
  ),
  withClient(
    `export const some = (tenantId: string) => prisma.campaign.count({ where: { tenantId: { in: [tenantId] } } });`,
  ),
  withClient(
    `export const both = (tenantId: string, q: string) => prisma.campaign.findMany({ where: { AND: [{ tenantId }, { name: q }] } });`,
  ),
  withClient(
    `export const either = (tenantId: string, q: string) => prisma.campaign.findMany({ where: { OR: [{ tenantId, name: q }, { tenantId, status: q }] } });`,
  ),
  withClient(
    `export const viaRegistry = (tenantId: string) => prisma.campaign.findMany({ where: { organization: { id: tenantId } } });`,
  ),
  // A compound unique key holding the tenant.
  withClient(
    `export const byKey = (tenantId: string, id: string) => prisma.campaign.findUnique({ where: { id_tenantId: { id, tenantId } } });`,
  ),
  withClient(
    `export const remove = (tenantId: string, id: string) => prisma.campaign.delete({ where: { id_tenantId: { id, tenantId } } });`,
  ),
  // Load, then authorise.
  withClient(
    `export async function show(tenantId: string, id: string) {\n  const c = await prisma.campaign.findUnique({ where: { id } });\n  if (c?.tenantId !== tenantId) throw new Error("not found");\n  return c;\n}`,
  ),
  // A child model scoped through its owning relation.
  withClient(`export const leads = (tenantId: string) => prisma.lead.findMany({ where: { campaign: { tenantId } } });`),
  withClient(
    `export const leadsIs = (tenantId: string) => prisma.lead.findMany({ where: { campaign: { is: { tenantId } } } });`,
  ),
  // The registry by its own id, and a global model.
  withClient(
    `export const org = (user: { tenantId: string }) => prisma.organization.findUnique({ where: { id: user.tenantId } });`,
  ),
  withClient(`export const plans = () => prisma.plan.findMany();`),
  // The tx of $transaction, scoped.
  withClient(
    `export const purge = (tenantId: string) => prisma.$transaction(async (tx) => tx.campaign.deleteMany({ where: { tenantId } }));`,
  ),
  // A tenant-enforcing client scopes every query by construction.
  withClient(
    `const scoped = (tenantId: string) => prisma.$extends({ query: { $allModels: { async $allOperations({ args, query }: any) { args.where = { ...args.where, tenantId }; return query(args); } } } });\nexport const all = (tenantId: string) => scoped(tenantId).campaign.findMany();`,
  ),
  // Look-alikes: an array named like a model, a Map, an object whose members are not a client.
  withClient(`export const pick = (campaign: { findMany(): number[] }) => campaign.findMany();`),
  withClient(
    `const store = { campaign: { findMany: () => [] as number[] } };\nexport const local = () => store.campaign.findMany();`,
  ),
  withClient(`export const names = (campaigns: { name: string }[]) => campaigns.find((c) => c.name === "x");`),
  withClient(`const cache = new Map<string, number>();\nexport const drop = () => cache.delete("campaign");`),
  // A member that is no model of the schema.
  withClient(`export const close = () => prisma.$disconnect();`),
  // A client some imported function made may enforce the tenant: undecided, not reported.
  {
    code: `import { forTenant } from "./db.js";\nexport const all = (t: string) => forTenant(t).campaign.findMany();`,
    filename,
  },
];

const prismaInvalid = [
  {
    ...withClient(`export const all = () => prisma.campaign.findMany();`),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 26,
        suggestions: [],
      },
    ],
  },
  {
    ...withClient(
      `export const active = (tenantId: string) => prisma.campaign.findMany({ where: { status: "active" } });`,
    ),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 45,
        suggestions: [
          {
            messageId: "addTenantToFilter" as const,
            data: { property: "tenantId" },
            output:
              client +
              `export const active = (tenantId: string) => prisma.campaign.findMany({ where: { tenantId, status: "active" } });`,
          },
        ],
      },
    ],
  },
  {
    ...withClient(`export const page = (tenantId: string) => prisma.campaign.findMany({ take: 10 });`),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 43,
        suggestions: [
          {
            messageId: "addTenantToFilter" as const,
            data: { property: "tenantId" },
            output:
              client +
              `export const page = (tenantId: string) => prisma.campaign.findMany({ where: { tenantId }, take: 10 });`,
          },
        ],
      },
    ],
  },
  {
    ...withClient(
      `export const leaky = (tenantId: string, q: string) => prisma.campaign.findMany({ where: { OR: [{ tenantId }, { name: q }] } });`,
    ),
    errors: [{ messageId: "partialOr" as const, line: 3, column: 55, suggestions: [] }],
  },
  {
    ...withClient(
      `export const others = (tenantId: string) => prisma.campaign.findMany({ where: { NOT: { tenantId } } });`,
    ),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 45,
        suggestions: [
          {
            messageId: "addTenantToFilter" as const,
            data: { property: "tenantId" },
            output:
              client +
              `export const others = (tenantId: string) => prisma.campaign.findMany({ where: { tenantId, NOT: { tenantId } } });`,
          },
        ],
      },
    ],
  },
  {
    ...withClient(`export const dropped = () => prisma.campaign.count({ where: { tenantId: undefined } });`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 30 }],
  },
  {
    ...withClient(
      `export const show = (tenantId: string, id: string) => prisma.campaign.findUnique({ where: { id } });`,
    ),
    errors: [
      {
        messageId: "lookupById" as const,
        line: 3,
        column: 55,
        suggestions: [
          {
            messageId: "useTenantLookup" as const,
            data: { replacement: "findFirst", property: "tenantId" },
            output:
              client +
              `export const show = (tenantId: string, id: string) => prisma.campaign.findFirst({ where: { tenantId, id } });`,
          },
        ],
      },
    ],
  },
  {
    // A write by key alone cannot be authorised after the fact.
    ...withClient(
      `export const rename = (id: string, name: string) => prisma.campaign.update({ where: { id }, data: { name } });`,
    ),
    errors: [{ messageId: "lookupById" as const, line: 3, column: 53, suggestions: [] }],
  },
  {
    // A child model filtered by its parent's id alone is not scoped: the id may be another tenant's.
    ...withClient(`export const leads = (campaignId: string) => prisma.lead.findMany({ where: { campaignId } });`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 46 }],
  },
  {
    ...withClient(`export const wipe = () => prisma.$transaction(async (tx) => tx.lead.deleteMany({}));`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 61 }],
  },
  {
    // Untyped too: a client imported from another module, with a model of the schema and a Prisma operation.
    code: `import { db } from "./prisma-client.js";\nexport const all = () => db.campaign.findMany({ where: { status: "x" } });`,
    filename,
    errors: [{ messageId: "missingTenantFilter" as const, line: 2, column: 26 }],
  },
  {
    // NestJS: a PrismaService that extends the client, injected as this.prisma.
    ...withClient(
      `class PrismaService extends PrismaClient {}\nexport class Campaigns {\n  constructor(private readonly prisma: PrismaService) {}\n  all() {\n    return this.prisma.campaign.findMany();\n  }\n}`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 7, column: 12 }],
  },
];

ruleTester.run("require-tenant-filter (Prisma)", rule, { valid: prismaValid, invalid: prismaInvalid });

// Code that runs for no tenant works across tenants on purpose: a backfill script, a seed, a
// unit or end-to-end test. The same query in request code is the finding above.
const acrossTenants = `export const all = () => prisma.campaign.findMany({ where: { status: "active" } });`;
ruleTester.run("require-tenant-filter (Prisma, scripts and tests)", rule, {
  valid: [
    { code: client + acrossTenants, filename: path.join(fixtureProjectDir, "scripts", "backfill.ts") },
    { code: client + acrossTenants, filename: path.join(fixtureProjectDir, "prisma", "seed", "campaigns.ts") },
    { code: client + acrossTenants, filename: path.join(fixtureProjectDir, "src", "campaigns.test.ts") },
    { code: client + acrossTenants, filename: path.join(fixtureProjectDir, "src", "campaigns.spec.ts") },
    { code: client + acrossTenants, filename: path.join(fixtureProjectDir, "e2e", "signup-flow.ts") },
    { code: client + acrossTenants, filename: path.join(fixtureProjectDir, "src", "__tests__", "campaigns.ts") },
  ],
  invalid: [
    // Not tests: a module named like one (`testing.ts`, `latest.ts`) and a `tests` route folder.
    {
      code: client + acrossTenants,
      filename: path.join(fixtureProjectDir, "src", "latest.ts"),
      errors: [{ messageId: "missingTenantFilter" }],
    },
    {
      code: client + acrossTenants,
      filename: path.join(fixtureProjectDir, "src", "routes", "tests", "results.ts"),
      errors: [{ messageId: "missingTenantFilter" }],
    },
  ],
});

typedRuleTester.run("require-tenant-filter (Prisma, typed)", rule, {
  valid: [
    ...prismaValid,
    // Typed, a tenant-enforcing client made in another file is followed to its $extends.
    {
      code: `import { tenantDb } from "./prisma-client.js";\nexport const all = (t: string) => tenantDb(t).campaign.findMany();`,
      filename,
    },
  ],
  invalid: prismaInvalid,
});

// Drizzle. Untyped cases define their table in the file; typed cases import the tables of
// fixture-project/drizzle-schema.ts and its database (both are read by the schema reader too).
const drizzleInline = `import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, uuid, text } from "drizzle-orm/pg-core";
import { and, eq, ne, or } from "drizzle-orm";
const db = drizzle(process.env.DATABASE_URL!);
const docs = pgTable("docs", { id: uuid("id").primaryKey(), tenantId: uuid("tenant_id"), title: text("title") });
`;
const withDocs = (body: string) => ({ code: drizzleInline + body, filename });
const drizzleImported = `import { eq } from "drizzle-orm";\nimport { db } from "./drizzle-db.js";\nimport { boards, cards, themes } from "./drizzle-schema.js";\n`;
const withBoards = (body: string) => ({ code: drizzleImported + body, filename });

const drizzleValid = [
  withDocs(`export const list = (tenantId: string) => db.select().from(docs).where(eq(docs.tenantId, tenantId));`),
  withDocs(
    `export const one = (tenantId: string, id: string) => db.select().from(docs).where(and(eq(docs.id, id), eq(docs.tenantId, tenantId)));`,
  ),
  withDocs(
    `export const both = (tenantId: string, q: string) => db.select().from(docs).where(or(and(eq(docs.tenantId, tenantId), eq(docs.title, q)), eq(docs.tenantId, tenantId)));`,
  ),
  withDocs(
    `export const wipe = (tenantId: string) => db.transaction(async (tx) => tx.delete(docs).where(eq(docs.tenantId, tenantId)));`,
  ),
  withBoards(
    `export const mine = (tenantId: string) => db.select().from(boards).where(eq(boards.tenantId, tenantId));`,
  ),
  withBoards(
    `export const viaBoard = (tenantId: string) => db.select().from(cards).innerJoin(boards, eq(cards.boardId, boards.id)).where(eq(boards.tenantId, tenantId));`,
  ),
  withBoards(`export const shared = () => db.select().from(themes);`),
  // Look-alikes: a hash's update, a Set's delete, a builder of strings.
  withDocs(
    `import { createHash } from "node:crypto";\nexport const h = (s: string) => createHash("sha256").update(s).digest("hex");`,
  ),
  withDocs(`export const drop = (seen: Set<string>) => seen.delete("docs");`),
  withDocs(
    `export const legacy = (qb: { select(c: string): { from(t: string): unknown } }) => qb.select("*").from("docs");`,
  ),
];

const drizzleInvalid = [
  {
    ...withDocs(`export const all = () => db.select().from(docs);`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 6, column: 26, suggestions: [] }],
  },
  {
    ...withDocs(`export const byId = (id: string) => db.select().from(docs).where(eq(docs.id, id));`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 6, column: 37 }],
  },
  {
    ...withDocs(
      `export const others = (tenantId: string) => db.select().from(docs).where(ne(docs.tenantId, tenantId));`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 6, column: 45 }],
  },
  {
    ...withDocs(
      `export const leaky = (tenantId: string, q: string) => db.select().from(docs).where(or(eq(docs.tenantId, tenantId), eq(docs.title, q)));`,
    ),
    errors: [{ messageId: "partialOr" as const, line: 6, column: 55 }],
  },
  // A write by a unique key alone: a lookup by key that nothing earlier vouches for.
  {
    ...withDocs(`export const purge = (id: string) => db.delete(docs).where(eq(docs.id, id));`),
    errors: [{ messageId: "lookupById" as const, line: 6, column: 38 }],
  },
  {
    ...withDocs(`export const first = () => db.query.docs.findFirst();`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 6, column: 28 }],
  },
  {
    ...withBoards(`export const all = () => db.select().from(boards);`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 26 }],
  },
  {
    ...withBoards(`export const byBoard = (id: string) => db.select().from(cards).where(eq(cards.boardId, id));`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 40 }],
  },
];

ruleTester.run("require-tenant-filter (Drizzle)", rule, { valid: drizzleValid, invalid: drizzleInvalid });
typedRuleTester.run("require-tenant-filter (Drizzle, typed)", rule, { valid: drizzleValid, invalid: drizzleInvalid });
// Raw SQL: tables from tests/fixture-project/migrations/001_init.sql.
const pgPool = `import { Pool } from "pg";\nconst pool = new Pool();\n`;
const withPool = (body: string) => ({ code: pgPool + body, filename });

const rawSqlValid = [
  withPool(
    `export const list = (tenantId: string) => pool.query("SELECT * FROM orders WHERE tenant_id = $1 AND status = $2", [tenantId, "open"]);`,
  ),
  withPool(
    `export const items = (tenantId: string) => pool.query("SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id AND i.tenant_id = o.tenant_id WHERE o.tenant_id = $1", [tenantId]);`,
  ),
  withPool(`export const countries = () => pool.query("SELECT * FROM countries");`),
  // Not SQL clients: a Map's delete, a template literal that is not a query.
  withPool(`const cache = new Map<string, string>();\nexport const drop = () => cache.delete("SELECT * FROM orders");`),
  withPool("export const label = (status: string) => `SELECT * FROM orders WHERE status = ${status}`;"),
  // A table no schema declares is unverified, not reported.
  withPool(`export const ghosts = () => pool.query("SELECT * FROM ghosts");`),
  {
    code: `import postgres from "postgres";\nconst sql = postgres();\nexport const list = (tenantId: string) => sql\`SELECT * FROM orders WHERE tenant_id = \${tenantId}\`;`,
    filename,
  },
];

const rawSqlInvalid = [
  {
    ...withPool(`export const all = () => pool.query("SELECT * FROM orders");`),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 26,
        data: { method: "query", target: "orders", field: "tenant_id" },
      },
    ],
  },
  {
    ...withPool(
      `export const one = (id: string) => pool.query({ text: "DELETE FROM orders WHERE id = $1", values: [id] });`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 36 }],
  },
  {
    ...withPool(
      `export const either = (tenantId: string) => pool.query("SELECT * FROM orders WHERE tenant_id = $1 OR status = 'open'", [tenantId]);`,
    ),
    errors: [{ messageId: "partialOr" as const, line: 3, column: 45 }],
  },
  {
    // The joined table is not narrowed by the tenant.
    ...withPool(
      `export const items = (tenantId: string) => pool.query("SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.tenant_id = $1", [tenantId]);`,
    ),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 44,
        data: { method: "query", target: "order_items", field: "tenant_id" },
      },
    ],
  },
  {
    code: `import postgres from "postgres";\nconst sql = postgres();\nexport const one = (id: string) => sql\`SELECT * FROM orders WHERE id = \${id}\`;`,
    filename,
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 3,
        column: 36,
        data: { method: "sql", target: "orders", field: "tenant_id" },
      },
    ],
  },
  {
    code: `import mysql from "mysql2/promise";\nconst db = mysql.createPool({});\nexport const one = (id: string) => db.execute("SELECT * FROM orders WHERE id = ?", [id]);`,
    filename,
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 36 }],
  },
  {
    code: `import { createClient } from "@clickhouse/client";\nconst ch = createClient();\nexport const total = () => ch.query({ query: "SELECT sum(total_cents) FROM orders", format: "JSON" });`,
    filename,
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 28 }],
  },
];

ruleTester.run("require-tenant-filter (raw SQL)", rule, { valid: rawSqlValid, invalid: rawSqlInvalid });
typedRuleTester.run("require-tenant-filter (raw SQL, typed)", rule, { valid: rawSqlValid, invalid: rawSqlInvalid });

// An in-house SQL client named in `receivers.sql`: its query(text, params) is raw SQL.
const sqlReceivers = { tenant: { receivers: { sql: [{ name: "Querier", from: "file", path: "wrappers.ts" }] } } };
const withQuerier = (body: string) => ({
  code: `import { Querier } from "./wrappers.js";\nconst db = new Querier();\n${body}`,
  filename,
  settings: sqlReceivers,
});
const querierValid = [
  withQuerier(
    `export const list = (tenantId: string) => db.query("SELECT * FROM orders WHERE tenant_id = $1", [tenantId]);`,
  ),
  // Without the setting, the class is nobody's SQL client: not examined.
  {
    code: `import { Querier } from "./wrappers.js";\nconst db = new Querier();\nexport const all = () => db.query("SELECT * FROM orders");`,
    filename,
  },
  // A query() method on an object that is not the configured class.
  withQuerier(
    `const search = { query: (q: string) => q };\nexport const find = () => search.query("SELECT * FROM orders");`,
  ),
];
const querierInvalid = [
  {
    ...withQuerier(`export const all = () => db.query("SELECT * FROM orders WHERE status = $1", ["open"]);`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 3, column: 26 }],
  },
];
ruleTester.run("require-tenant-filter (receivers.sql)", rule, { valid: querierValid, invalid: querierInvalid });
typedRuleTester.run("require-tenant-filter (receivers.sql, typed)", rule, {
  valid: querierValid,
  invalid: [
    ...querierInvalid,
    // Typed: a value of the class imported from another file is known by its type.
    {
      code: `import { querier } from "./wrappers.js";\nexport const all = () => querier.query("DELETE FROM orders WHERE id = $1", ["x"]);`,
      filename,
      settings: sqlReceivers,
      errors: [{ messageId: "missingTenantFilter" as const, line: 2, column: 26 }],
    },
  ],
});
// TypeORM: entities in the linted file itself, or in fixture-project/typeorm-entities.ts, which the
// schema loader reads (Ticket is tenant-owned through its tenant_id column, Country is global).
const typeormHeader = `import { Brackets, DataSource, Not, In } from "typeorm";\nimport { Ticket, Country } from "./typeorm-entities.js";\nconst ds = new DataSource({ type: "postgres" });\n`;
const withTypeorm = (body: string) => ({ code: typeormHeader + body, filename });

const typeormValid = [
  withTypeorm(`export const list = (tenantId: string) => ds.getRepository(Ticket).find({ where: { tenantId } });`),
  withTypeorm(
    `export const either = (tenantId: string) => ds.getRepository(Ticket).findBy([{ tenantId, subject: "a" }, { tenantId, subject: "b" }]);`,
  ),
  withTypeorm(
    `export const listed = (tenantId: string) => ds.getRepository(Ticket).countBy({ tenantId: In([tenantId]) });`,
  ),
  withTypeorm(
    `export async function show(tenantId: string, id: string) {\n  const t = await ds.getRepository(Ticket).findOneBy({ id });\n  if (t?.tenantId !== tenantId) throw new Error("not found");\n  return t;\n}`,
  ),
  withTypeorm(`export const countries = () => ds.getRepository(Country).find();`),
  // An entity declared in the linted file itself.
  withTypeorm(
    `import { Entity, Column, PrimaryColumn } from "typeorm";\n@Entity("notes") class Note { @PrimaryColumn() id!: string; @Column() tenantId!: string; }\nexport const notes = (tenantId: string) => ds.getRepository(Note).findBy({ tenantId });`,
  ),
  // QueryBuilder fragments are SQL, read by the SQL reader: the tenant property pinned to a bound parameter.
  withTypeorm(
    `export const open = (tenantId: string) => ds.getRepository(Ticket).createQueryBuilder("t").where("t.tenantId = :tenantId", { tenantId }).andWhere("t.subject = :s", { s: "x" }).getMany();`,
  ),
  // Brackets scoping both sides of an orWhere.
  withTypeorm(
    `export const either = (tenantId: string) => ds.getRepository(Ticket).createQueryBuilder("t").where(new Brackets((qb) => qb.where("t.tenantId = :tenantId", { tenantId }).andWhere("t.subject = :a", { a: "x" }))).orWhere(new Brackets((qb) => qb.where("t.tenant_id = :tenantId").andWhere("t.subject = :b", { b: "y" }))).getMany();`,
  ),
  withTypeorm(
    `export const raw = (tenantId: string) => ds.query("SELECT * FROM tickets WHERE tenant_id = $1", [tenantId]);`,
  ),
  // Look-alikes: where() on a builder that is not TypeORM's, query() on an object that sends no SQL.
  withTypeorm(
    `const rows = { where: (s: string, p: object) => rows, getMany: () => [] };\nexport const list = () => rows.where("t.subject = :s", { s: "x" }).getMany();`,
  ),
  withTypeorm(`export const ask = (client: { query(s: string): void }) => client.query("SELECT * FROM tickets");`),
  // Look-alikes: an array's find, a Set's delete, an unknown object's find.
  withTypeorm(`export const pick = (tickets: { id: string }[]) => tickets.find((t) => t.id === "x");`),
  withTypeorm(`const seen = new Set<string>();\nexport const drop = () => seen.delete("tickets");`),
  withTypeorm(`export const other = (repo: { find(x: string): void }) => repo.find("x");`),
];

const typeormInvalid = [
  {
    ...withTypeorm(`export const all = () => ds.getRepository(Ticket).find();`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 26 }],
  },
  {
    ...withTypeorm(
      `export const others = (tenantId: string) => ds.getRepository(Ticket).findBy({ tenantId: Not(tenantId) });`,
    ),
    errors: [
      {
        messageId: "missingTenantFilter" as const,
        line: 4,
        column: 45,
        suggestions: [
          {
            messageId: "addTenantToFilter" as const,
            data: { property: "tenantId" },
            output: `${typeormHeader}export const others = (tenantId: string) => ds.getRepository(Ticket).findBy({ tenantId });`,
          },
        ],
      },
    ],
  },
  {
    ...withTypeorm(
      `export const some = (tenantId: string) => ds.getRepository(Ticket).findBy([{ tenantId }, { subject: "x" }]);`,
    ),
    errors: [{ messageId: "partialOr" as const, line: 4, column: 43 }],
  },
  {
    ...withTypeorm(`export const byId = (id: string) => ds.getRepository(Ticket).findOneBy({ id });`),
    errors: [{ messageId: "lookupById" as const, line: 4, column: 37 }],
  },
  {
    ...withTypeorm(`export const drop = (id: string) => ds.getRepository(Ticket).delete(id);`),
    errors: [{ messageId: "lookupById" as const, line: 4, column: 37 }],
  },
  {
    ...withTypeorm(`export const all = () => ds.manager.find(Ticket);`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 26 }],
  },
  {
    ...withTypeorm(
      `export const all = () => ds.getRepository(Ticket).createQueryBuilder("t").where("t.subject = :s", { s: "x" }).getMany();`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 26 }],
  },
  {
    // `where(t).orWhere(b)` is `t OR b`: the second branch is any tenant's.
    ...withTypeorm(
      `export const all = (tenantId: string) => ds.getRepository(Ticket).createQueryBuilder("t").where("t.tenantId = :tenantId", { tenantId }).orWhere("t.subject = :s", { s: "x" }).getMany();`,
    ),
    errors: [{ messageId: "partialOr" as const, line: 4, column: 42 }],
  },
  {
    ...withTypeorm(
      `export const drop = (id: string) => ds.createQueryBuilder().delete().from(Ticket).where("id = :id", { id }).execute();`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 37 }],
  },
  {
    ...withTypeorm(`export const raw = (id: string) => ds.query("SELECT * FROM tickets WHERE id = $1", [id]);`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 36 }],
  },
];

ruleTester.run("require-tenant-filter (TypeORM)", rule, { valid: typeormValid, invalid: typeormInvalid });

typedRuleTester.run("require-tenant-filter (TypeORM, typed)", rule, {
  valid: typeormValid,
  invalid: [
    ...typeormInvalid,
    // Typed: a repository made in another file is followed to its type, Repository<Ticket>.
    {
      code: `import { tickets } from "./typeorm-data-source.js";\nexport const all = () => tickets.find();`,
      filename,
      errors: [{ messageId: "missingTenantFilter" as const, line: 2, column: 26 }],
    },
  ],
});

// Kysely: the Database interface of fixture-project/kysely-db.ts (events tenant-owned, currencies global).
const kyselyHeader = `import { kdb } from "./kysely-db.js";\n`;
const withKysely = (body: string) => ({ code: kyselyHeader + body, filename });

const kyselyValid = [
  withKysely(
    `export const list = (tenantId: string) => kdb.selectFrom("events").selectAll().where("tenant_id", "=", tenantId).execute();`,
  ),
  withKysely(
    `export const aliased = (tenantId: string) => kdb.selectFrom("events as e").selectAll().where("e.tenant_id", "in", [tenantId]).execute();`,
  ),
  withKysely(
    `export const both = (tenantId: string) => kdb.selectFrom("events").selectAll().where((eb) => eb.and([eb("tenant_id", "=", tenantId), eb("kind", "=", "x")])).execute();`,
  ),
  withKysely(`export const currencies = () => kdb.selectFrom("currencies").selectAll().execute();`),
  // A Database interface in the linted file itself.
  {
    code: `import { Kysely } from "kysely";\ninterface DB { notes: { id: string; tenant_id: string } }\ndeclare const db: Kysely<DB>;\nexport const notes = (t: string) => db.selectFrom("notes").selectAll().where("tenant_id", "=", t).execute();`,
    filename,
  },
  // Look-alikes: an in-memory store naming a table, an array named like one.
  withKysely(
    `const store = { selectFrom: (t: string) => ({ execute: () => [t] }) };\nexport const local = () => store.selectFrom("events").execute();`,
  ),
  withKysely(`export const pick = (events: { id: string }[]) => events.find((e) => e.id === "x");`),
];

const kyselyInvalid = [
  {
    ...withKysely(`export const all = () => kdb.selectFrom("events").selectAll().execute();`),
    errors: [{ messageId: "missingTenantFilter" as const, line: 2, column: 26 }],
  },
  {
    ...withKysely(
      `export const others = (t: string) => kdb.selectFrom("events").selectAll().where("tenant_id", "!=", t).execute();`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 2, column: 38 }],
  },
  {
    ...withKysely(
      `export const some = (t: string) => kdb.selectFrom("events").selectAll().where((eb) => eb.or([eb("tenant_id", "=", t), eb("kind", "=", "x")])).execute();`,
    ),
    errors: [{ messageId: "partialOr" as const, line: 2, column: 36 }],
  },
  {
    ...withKysely(
      `export const wipe = (t: string) => kdb.deleteFrom("events").where((eb) => eb.not(eb("tenant_id", "=", t))).execute();`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 2, column: 36 }],
  },
  {
    code: `import { Kysely } from "kysely";\ninterface DB { notes: { id: string; tenant_id: string } }\ndeclare const db: Kysely<DB>;\nexport const notes = () => db.selectFrom("notes").selectAll().execute();`,
    filename,
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 28 }],
  },
];

ruleTester.run("require-tenant-filter (Kysely)", rule, { valid: kyselyValid, invalid: kyselyInvalid });
typedRuleTester.run("require-tenant-filter (Kysely, typed)", rule, { valid: kyselyValid, invalid: kyselyInvalid });

// Callers (issue 9): a data helper that looks a row up by an id it is handed is safe when every
// caller authorised the id first. ESLint sees one file: only the calls in it of a helper that is
// not exported (an exported one may be called from files out of sight, so it stays a finding).
const accessCheck = `declare const grants: { findFirst(filter: object): Promise<object | null> };
async function assertCampaignAccess({ userId, campaignId }: { userId: string; campaignId: string }) {
  const grant = await grants.findFirst({ where: { userId, campaignId } });
  if (!grant) throw new Error("forbidden");
}
`;
const withAccess = (body: string) => withClient(accessCheck + body);

const callersValid = [
  // The caller hands the id and the user to a check that refuses otherwise, then calls the helper.
  withAccess(`async function rename(campaignId: string, name: string) {
  return prisma.campaign.update({ where: { id: campaignId }, data: { name } });
}
export async function handle(user: { id: string }, campaignId: string, name: string) {
  await assertCampaignAccess({ userId: user.id, campaignId });
  await rename(campaignId, name);
}`),
  // The id is a field of a row the caller loaded scoped (and left on a miss).
  withClient(`async function removeCampaign(id: string) {
  await prisma.campaign.delete({ where: { id } });
}
export async function remove(tenantId: string, id: string) {
  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId } });
  if (!campaign) throw new Error("not found");
  await removeCampaign(campaign.id);
}`),
  // An options object: the property of the argument, through a helper of the helper.
  withClient(`async function writeName({ campaignId, name }: { campaignId: string; name: string }) {
  return prisma.campaign.update({ where: { id: campaignId }, data: { name } });
}
async function renameCampaign(campaignId: string, name: string) {
  return writeName({ campaignId, name });
}
export async function rename(tenantId: string, id: string, name: string) {
  const campaign = await prisma.campaign.findFirstOrThrow({ where: { id, tenantId } });
  return renameCampaign(campaign.id, name);
}`),
  // Class B: the row comes from a helper whose returned row is loaded scoped.
  withClient(`async function getCampaign({ campaignId, tenantId }: { campaignId: string; tenantId: string }) {
  return prisma.campaign.findFirst({ where: { id: campaignId, tenantId } });
}
export async function archive(campaignId: string, tenantId: string) {
  const campaign = await getCampaign({ campaignId, tenantId });
  if (!campaign) return;
  await prisma.campaign.update({ where: { id: campaign.id }, data: { status: "archived" } });
}`),
  // What the id belongs to, looked up from it and then authorised, vouches for the id.
  withAccess(`declare function ownerOf(campaignId: string): Promise<string>;
async function assertOrgAccess({ userId, orgId }: { userId: string; orgId: string }) {
  const grant = await grants.findFirst({ where: { userId, orgId } });
  if (!grant) throw new Error("forbidden");
}
async function removeCampaign(id: string) {
  await prisma.campaign.delete({ where: { id } });
}
export async function remove(user: { id: string }, campaignId: string, otherId: string) {
  const orgId = await ownerOf(campaignId);
  await assertOrgAccess({ userId: user.id, orgId });
  await removeCampaign(campaignId);
}`),
  // An element of a list a row loaded for the tenant holds (its relation, included): the tenant's too.
  withClient(`export async function renameLeads(tenantId: string, id: string) {
  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId }, include: { leads: true } });
  if (!campaign) return;
  for (const lead of campaign.leads) await prisma.lead.update({ where: { id: lead.id }, data: { email: "x" } });
}`),
  // Class K: a key a job processor reads from its payload was written by the code that enqueued it
  // (unverified, not reported): a BullMQ worker, a Trigger.dev task, an Inngest function.
  withClient(`import { Worker } from "bullmq";
new Worker("campaigns", async (j: { data: { campaignId: string } }) => {
  await prisma.campaign.findUnique({ where: { id: j.data.campaignId } });
});`),
  withClient(`import { task } from "@trigger.dev/sdk";
export const archive = task({
  id: "archive",
  run: async (payload: { campaignId: string }) => {
    const { campaignId } = payload;
    await prisma.campaign.update({ where: { id: campaignId }, data: { status: "archived" } });
  },
});`),
  withClient(`import { Inngest } from "inngest";
const inngest = new Inngest({ id: "app" });
export const close = inngest.createFunction({ id: "close" }, { event: "campaign/close" }, async ({ event }) => {
  await prisma.campaign.delete({ where: { id: event.data.campaignId } });
});`),
];

const callersInvalid = [
  // One caller does not authorise the id: the helper's lookup is still the finding.
  {
    ...withAccess(`async function rename(campaignId: string, name: string) {
  return prisma.campaign.update({ where: { id: campaignId }, data: { name } });
}
export async function handle(user: { id: string }, campaignId: string, name: string) {
  await assertCampaignAccess({ userId: user.id, campaignId });
  await rename(campaignId, name);
}
export async function sneak(campaignId: string) {
  await rename(campaignId, "x");
}`),
    errors: [{ messageId: "lookupById" as const, line: 9, column: 10 }],
  },
  // An exported helper may have callers in other files: ESLint cannot see them, so it stays a finding.
  {
    ...withClient(`export async function removeCampaign(id: string) {
  await prisma.campaign.delete({ where: { id } });
}
export async function remove(tenantId: string, id: string) {
  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId } });
  if (!campaign) throw new Error("not found");
  await removeCampaign(campaign.id);
}`),
    errors: [{ messageId: "lookupById" as const, line: 4, column: 9 }],
  },
  // The caller's row was loaded without the tenant: not authorised (both sites are findings).
  {
    ...withClient(`async function getCampaign(campaignId: string) {
  return prisma.campaign.findFirst({ where: { id: campaignId } });
}
export async function archive(campaignId: string) {
  const campaign = await getCampaign(campaignId);
  if (!campaign) return;
  await prisma.campaign.update({ where: { id: campaign.id }, data: { status: "archived" } });
}`),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 4, column: 10 },
      { messageId: "lookupById" as const, line: 9, column: 9 },
    ],
  },
  // The owner authorised is another id's: not this one's.
  {
    ...withAccess(`declare function ownerOf(campaignId: string): Promise<string>;
async function assertOrgAccess({ userId, orgId }: { userId: string; orgId: string }) {
  const grant = await grants.findFirst({ where: { userId, orgId } });
  if (!grant) throw new Error("forbidden");
}
async function removeCampaign(id: string) {
  await prisma.campaign.delete({ where: { id } });
}
export async function remove(user: { id: string }, campaignId: string, otherId: string) {
  const orgId = await ownerOf(otherId);
  await assertOrgAccess({ userId: user.id, orgId });
  await removeCampaign(campaignId);
}`),
    errors: [{ messageId: "lookupById" as const, line: 14, column: 9 }],
  },
  // The list's row was loaded without the tenant: its elements are not authorised.
  {
    ...withClient(`export async function renameLeads(id: string) {
  const campaign = await prisma.campaign.findUnique({ where: { id }, include: { leads: true } });
  if (!campaign) return;
  for (const lead of campaign.leads) await prisma.lead.update({ where: { id: lead.id }, data: { email: "x" } });
}`),
    errors: [
      { messageId: "lookupById" as const, line: 4, column: 26 },
      { messageId: "lookupById" as const, line: 6, column: 44 },
    ],
  },
  // In a job, a filter without the tenant is still a finding, and so is a key not read from the payload.
  {
    ...withClient(`import { Worker } from "bullmq";
new Worker("campaigns", async (job: { data: { status: string } }) => {
  await prisma.campaign.findMany({ where: { status: job.data.status } });
  const id = "c1";
  await prisma.campaign.delete({ where: { id } });
});`),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 5, column: 9 },
      { messageId: "lookupById" as const, line: 7, column: 9 },
    ],
  },
];

ruleTester.run("require-tenant-filter (Prisma, callers)", rule, { valid: callersValid, invalid: callersInvalid });

typedRuleTester.run("require-tenant-filter (Prisma, callers, typed)", rule, {
  valid: callersValid,
  invalid: callersInvalid,
});
// Row provenance: ids read off rows that an earlier scoped query of the same function returned
// (or a row it created with the tenant) scope the filters that pin them. Each safe case has an
// unsafe twin below whose first query is not scoped, so both are reported.
const leadsOfCampaign = (where: string, params = "tenantId: string, id: string") =>
  withClient(
    `export async function leads(${params}) {\n  const campaign = await prisma.campaign.findFirst({ where: ${where} });\n  if (!campaign) throw new Error("not found");\n  return prisma.lead.findMany({ where: { campaignId: campaign.id } });\n}`,
  );
const campaignOfLead = (where: string, params = "tenantId: string, id: string") =>
  withClient(
    `export async function parent(${params}) {\n  const lead = await prisma.lead.findFirst({ where: ${where} });\n  if (!lead) return null;\n  return prisma.campaign.findUnique({ where: { id: lead.campaignId } });\n}`,
  );
const leadsOfList = (where: string, params = "tenantId: string") =>
  withClient(
    `export async function leadsOfActive(${params}) {\n  const campaigns = await prisma.campaign.findMany({ where: ${where} });\n  const ids = [...new Set(campaigns.filter((c) => c.name !== "").map((c) => c.id))];\n  return prisma.lead.findMany({ where: { campaignId: { in: ids } } });\n}`,
  );
const loopOver = (where: string, params = "tenantId: string") =>
  withClient(
    `export async function clear(${params}) {\n  const campaigns = await prisma.campaign.findMany({ where: ${where} });\n  for (const campaign of campaigns) {\n    const { id: campaignId } = campaign;\n    await prisma.lead.updateMany({ where: { campaignId }, data: { email: "" } });\n  }\n}`,
  );
const includedRelation = (where: string, params = "tenantId: string, id: string") =>
  withClient(
    `export async function dropFirst(${params}) {\n  const campaign = await prisma.campaign.findFirstOrThrow({ where: ${where}, include: { leads: true } });\n  const leadId = campaign.leads[0].id;\n  return prisma.lead.delete({ where: { id: leadId } });\n}`,
  );
const createdInTransaction = (data: string, params = "tenantId: string") =>
  withClient(
    `export const launch = (${params}) =>\n  prisma.$transaction(async (tx) => {\n    const created = await tx.campaign.create({ data: ${data} });\n    return tx.campaign.update({ where: { id: created.id }, data: { status: "live" } });\n  });`,
  );
/** An unsafe case whose one finding suggests adding the tenant in scope to the filter `where`. */
// On a model owned through a relation (Lead, through its campaign), under that relation.
const suggestsTenant = (body: string, where: string, line: number, property = "tenantId") => {
  const test = withClient(body);
  const output = test.code.replace(`where: { ${where} }`, `where: { ${property}, ${where} }`);
  const suggestion = { messageId: "addTenantToFilter" as const, data: { property }, output };
  return {
    ...test,
    errors: [{ messageId: "missingTenantFilter" as const, line, column: 10, suggestions: [suggestion] }],
  };
};
const provenanceValid = [
  leadsOfCampaign(`{ id, tenantId }`),
  campaignOfLead(`{ id, campaign: { tenantId } }`),
  leadsOfList(`{ tenantId, status: "active" }`),
  loopOver(`{ tenantId }`),
  includedRelation(`{ id, tenantId }`),
  createdInTransaction(`{ tenantId, name: "n", status: "draft" }`),
  // A row checked after its load by key vouches for its relations' ids too.
  withClient(
    `export async function leadsOf(tenantId: string, id: string) {\n  const campaign = await prisma.campaign.findUnique({ where: { id } });\n  if (!campaign || campaign.tenantId !== tenantId) throw new Error("not found");\n  return prisma.lead.findMany({ where: { campaignId: campaign.id } });\n}`,
  ),
  // Through a callback's element and a let given bound values only.
  withClient(
    `export async function both(tenantId: string, id: string) {\n  const campaigns = await prisma.campaign.findMany({ where: { tenantId } });\n  let target: string;\n  if (id) target = campaigns[0].id;\n  else target = campaigns[1].id;\n  await Promise.all(campaigns.map((c) => prisma.lead.deleteMany({ where: { campaignId: c.id } })));\n  return prisma.lead.findMany({ where: { campaignId: target } });\n}`,
  ),
];
const provenanceInvalid = [
  {
    ...leadsOfCampaign(`{ id }`, "id: string"),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 4, column: 26 },
      { messageId: "missingTenantFilter" as const, line: 6, column: 10 },
    ],
  },
  {
    ...campaignOfLead(`{ id }`, "id: string"),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 4, column: 22 },
      { messageId: "lookupById" as const, line: 6, column: 10 },
    ],
  },
  {
    ...leadsOfList(`{ status: "active" }`, ""),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 4, column: 27 },
      { messageId: "missingTenantFilter" as const, line: 6, column: 10 },
    ],
  },
  // A loop over an unscoped list.
  {
    ...loopOver(`{ status: "active" }`, ""),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 4, column: 27 },
      { messageId: "missingTenantFilter" as const, line: 7, column: 11 },
    ],
  },
  {
    ...includedRelation(`{ id }`, "id: string"),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 4, column: 26 },
      { messageId: "lookupById" as const, line: 6, column: 10 },
    ],
  },
  // Created without the tenant (require-tenant-on-write reports the create): the row is no tenant's.
  {
    ...createdInTransaction(`{ name: "n", status: "draft" }`, ""),
    errors: [{ messageId: "lookupById" as const, line: 6, column: 12 }],
  },
  // A row from a scoped query of another function is not visible here.
  {
    ...withClient(
      `export const load = (tenantId: string, id: string) => prisma.campaign.findFirst({ where: { id, tenantId } });\nexport const leads = (campaign: { id: string }) => prisma.lead.findMany({ where: { campaignId: campaign.id } });`,
    ),
    errors: [{ messageId: "missingTenantFilter" as const, line: 4, column: 52 }],
  },
  // `campaign?.id` is undefined for a missing row, which drops the condition.
  suggestsTenant(
    `export async function leads(tenantId: string, id: string) {\n  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId } });\n  return prisma.lead.findMany({ where: { campaignId: campaign?.id } });\n}`,
    "campaignId: campaign?.id",
    5,
    "campaign: { tenantId }",
  ),
  // A let also given the caller's input.
  suggestsTenant(
    `export async function leads(tenantId: string, id: string) {\n  const campaigns = await prisma.campaign.findMany({ where: { tenantId } });\n  let target = id;\n  if (!id) target = campaigns[0].id;\n  return prisma.lead.findMany({ where: { campaignId: target } });\n}`,
    "campaignId: target",
    7,
    "campaign: { tenantId }",
  ),
  // Not an identifying field: a status read off a scoped row selects every tenant's rows with it.
  suggestsTenant(
    `export async function alike(tenantId: string, id: string) {\n  const campaign = await prisma.campaign.findFirstOrThrow({ where: { id, tenantId } });\n  return prisma.campaign.findMany({ where: { status: campaign.status } });\n}`,
    "status: campaign.status",
    5,
  ),
];
ruleTester.run("require-tenant-filter (row provenance, Prisma)", rule, {
  valid: provenanceValid,
  invalid: provenanceInvalid,
});
typedRuleTester.run("require-tenant-filter (row provenance, Prisma, typed)", rule, {
  valid: provenanceValid,
  invalid: provenanceInvalid,
});

// Drizzle: boards are tenant-owned, cards owned through their board (fixture-project/drizzle-schema.ts).
const boardsImported = `import { and, eq, inArray } from "drizzle-orm";\nimport { db } from "./drizzle-db.js";\nimport { boards, cards, themes } from "./drizzle-schema.js";\n`;
const withBoardTables = (body: string) => ({ code: boardsImported + body, filename });
const cardsOfBoards = (where: string) =>
  withBoardTables(
    `export async function cardsOf(tenantId: string) {\n  const mine = await db.select().from(boards)${where};\n  const ids = mine.map((board) => board.id);\n  return db.select().from(cards).where(inArray(cards.boardId, ids));\n}`,
  );
const cardsOfBoard = (where: string) =>
  withBoardTables(
    `export async function clear(tenantId: string, id: string) {\n  const [board] = await db.select().from(boards).where(${where});\n  if (!board) throw new Error("not found");\n  await db.delete(cards).where(eq(cards.boardId, board.id));\n}`,
  );
const eachBoard = (where: string) =>
  withBoardTables(
    `export async function retitle(tenantId: string) {\n  const [mine, others] = await Promise.all([db.select().from(boards)${where}, db.select().from(themes)]);\n  mine.forEach(async ({ id }) => db.update(cards).set({ title: "x" }).where(eq(cards.boardId, id)));\n  return others;\n}`,
  );
const insertedBoard = (values: string) =>
  withBoardTables(
    `export const make = (tenantId: string) =>\n  db.transaction(async (tx) => {\n    const [board] = await tx.insert(boards).values(${values}).returning();\n    await tx.update(boards).set({ name: "y" }).where(eq(boards.id, board.id));\n  });`,
  );
const drizzleProvenanceValid = [
  cardsOfBoards(`.where(eq(boards.tenantId, tenantId))`),
  cardsOfBoard(`and(eq(boards.id, id), eq(boards.tenantId, tenantId))`),
  eachBoard(`.where(eq(boards.tenantId, tenantId))`),
  insertedBoard(`{ tenantId, name: "x" }`),
];
const drizzleProvenanceInvalid = [
  {
    ...cardsOfBoards(``),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 5, column: 22 },
      { messageId: "missingTenantFilter" as const, line: 7, column: 10 },
    ],
  },
  {
    ...cardsOfBoard(`eq(boards.id, id)`),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 5, column: 25 },
      { messageId: "missingTenantFilter" as const, line: 7, column: 9 },
    ],
  },
  // A callback over the elements of an unscoped list.
  {
    ...eachBoard(``),
    errors: [
      { messageId: "missingTenantFilter" as const, line: 5, column: 45 },
      { messageId: "missingTenantFilter" as const, line: 6, column: 34 },
    ],
  },
  // Inserted without the tenant (require-tenant-on-write reports the insert): the row is no tenant's.
  {
    ...insertedBoard(`{ name: "x" }`),
    errors: [{ messageId: "lookupById" as const, line: 7, column: 11 }],
  },
];
ruleTester.run("require-tenant-filter (row provenance, Drizzle)", rule, {
  valid: drizzleProvenanceValid,
  invalid: drizzleProvenanceInvalid,
});
typedRuleTester.run("require-tenant-filter (row provenance, Drizzle, typed)", rule, {
  valid: drizzleProvenanceValid,
  invalid: drizzleProvenanceInvalid,
});

// Joins: a joined table reached from a scoped table's reference (to its key, or to the same row
// another reference names) is scoped as that table is, along a chain of joins; a statement is
// reported once, at its first unscoped table.
const rbacTables = `import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, uuid, text } from "drizzle-orm/pg-core";
import { and, eq } from "drizzle-orm";
const db = drizzle(process.env.DATABASE_URL!);
const roles = pgTable("roles", { id: uuid("id").primaryKey(), tenantId: uuid("tenant_id"), name: text("name") });
const perms = pgTable("perms", { id: uuid("id").primaryKey(), tenantId: uuid("tenant_id"), name: text("name") });
const keyRoles = pgTable("key_roles", { keyId: uuid("key_id"), roleId: uuid("role_id").references(() => roles.id), tenantId: uuid("tenant_id") });
const rolePerms = pgTable("role_perms", { roleId: uuid("role_id").references(() => roles.id), permId: uuid("perm_id").references(() => perms.id), tenantId: uuid("tenant_id") });
`;
const granted = (params: string, where: string) => ({
  code:
    rbacTables +
    `export const granted = (${params}) =>\n  db\n    .select({ name: perms.name })\n    .from(keyRoles)\n    .innerJoin(rolePerms, eq(keyRoles.roleId, rolePerms.roleId))\n    .innerJoin(perms, eq(rolePerms.permId, perms.id))\n    .where(${where});`,
  filename,
});
const joinsValid = [
  granted("tenantId: string, keyId: string", "and(eq(keyRoles.keyId, keyId), eq(keyRoles.tenantId, tenantId))"),
  {
    code:
      rbacTables +
      `export const names = (tenantId: string) => db.select().from(keyRoles).innerJoin(roles, eq(keyRoles.roleId, roles.id)).where(eq(keyRoles.tenantId, tenantId));`,
    filename,
  },
];
const joinsInvalid = [
  {
    ...granted("keyId: string", "eq(keyRoles.keyId, keyId)"),
    errors: [{ messageId: "missingTenantFilter" as const, line: 10, column: 3 }],
  },
];
ruleTester.run("require-tenant-filter (Drizzle joins)", rule, { valid: joinsValid, invalid: joinsInvalid });
typedRuleTester.run("require-tenant-filter (Drizzle joins, typed)", rule, { valid: joinsValid, invalid: joinsInvalid });

// The tenant's own row (`tenant`, as `tenantId` names it) refers to rows of that tenant: a
// reference to a tenant-owned model read off it, in place or by a helper handed the row, scopes
// the filter it pins. A reference to a global row, or one read off another row, does not.
const tenantRowCases = {
  valid: [
    withClient(
      `export const leads = (tenant: { defaultCampaignId: string }) => prisma.lead.findMany({ where: { campaignId: tenant.defaultCampaignId } });`,
    ),
    withClient(
      `function defaultCampaignIdOf(tenant: { defaultCampaignId?: string }) {\n  const id = tenant.defaultCampaignId;\n  if (!id) throw new Error("no default campaign");\n  return id;\n}\nexport async function firstLeads(tenant: { defaultCampaignId?: string }) {\n  const campaignId = defaultCampaignIdOf(tenant);\n  return prisma.lead.findMany({ where: { campaignId } });\n}`,
    ),
  ],
  invalid: [
    {
      ...withClient(
        `export const owned = (tenant: { ownerId: string }) => prisma.lead.findMany({ where: { campaignId: tenant.ownerId } });`,
      ),
      errors: [{ messageId: "missingTenantFilter" as const }],
    },
    {
      ...withClient(
        `export const borrowed = (partner: { defaultCampaignId: string }) => prisma.lead.findMany({ where: { campaignId: partner.defaultCampaignId } });`,
      ),
      errors: [{ messageId: "missingTenantFilter" as const }],
    },
    {
      ...withClient(
        `function defaultCampaignIdOf(tenant: { defaultCampaignId: string }) {\n  return tenant.defaultCampaignId;\n}\nexport const fromBody = (body: { defaultCampaignId: string }) => prisma.lead.findMany({ where: { campaignId: defaultCampaignIdOf(body) } });`,
      ),
      errors: [{ messageId: "missingTenantFilter" as const }],
    },
  ],
};
ruleTester.run("require-tenant-filter (references of the tenant's own row)", rule, tenantRowCases);
typedRuleTester.run("require-tenant-filter (references of the tenant's own row, typed)", rule, tenantRowCases);

// A row a helper returns is the tenant's when every row the helper returns was loaded for the
// tenant: an update by its id afterwards is scoped. A helper that loads by the id alone vouches
// for nothing, and neither does a row that may be missing (`campaign?.id`).
const helperRowCases = {
  valid: [
    withClient(
      `async function campaignOrThrow(tenantId: string, id: string) {\n  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId } });\n  if (!campaign) throw new Error("not found");\n  return campaign;\n}\nexport async function rename(tenantId: string, id: string, name: string) {\n  const campaign = await campaignOrThrow(tenantId, id);\n  return prisma.campaign.updateMany({ where: { id: campaign.id }, data: { name } });\n}`,
    ),
    withClient(
      `async function campaignOrThrow(tenantId: string, id: string) {\n  const campaign = await prisma.campaign.findFirst({ where: { id, tenantId } });\n  if (!campaign) throw new Error("not found");\n  return campaign;\n}\nexport async function leadsOf(tenantId: string, id: string) {\n  const { id: campaignId } = await campaignOrThrow(tenantId, id);\n  return prisma.lead.findMany({ where: { campaignId } });\n}`,
    ),
  ],
  invalid: [
    {
      ...withClient(
        `async function campaignById(id: string) {\n  const campaign = await prisma.campaign.findFirst({ where: { id } });\n  if (!campaign) throw new Error("not found");\n  return campaign;\n}\nexport async function leadsOf(id: string) {\n  const campaign = await campaignById(id);\n  return prisma.lead.findMany({ where: { campaignId: campaign.id } });\n}`,
      ),
      errors: [{ messageId: "missingTenantFilter" as const }, { messageId: "missingTenantFilter" as const }],
    },
    suggestsTenant(
      `async function campaignOf(tenantId: string, id: string) {\n  return prisma.campaign.findFirst({ where: { id, tenantId } });\n}\nexport async function leadsOf(tenantId: string, id: string) {\n  const campaign = await campaignOf(tenantId, id);\n  return prisma.lead.findMany({ where: { campaignId: campaign?.id } });\n}`,
      "campaignId: campaign?.id",
      8,
      "campaign: { tenantId }",
    ),
  ],
};
ruleTester.run("require-tenant-filter (rows a helper loaded for the tenant)", rule, helperRowCases);
typedRuleTester.run("require-tenant-filter (rows a helper loaded for the tenant, typed)", rule, helperRowCases);
