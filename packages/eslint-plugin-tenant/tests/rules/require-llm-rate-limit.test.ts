import rule from "../../src/rules/require-llm-rate-limit.js";
import { ruleTester, typedRuleTester } from "../rule-tester.js";

const openaiImport = 'import OpenAI from "openai";\nconst openai = new OpenAI();\n';
const anthropicImport = 'import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\n';
const limiterDecl =
  "declare function getOrCreateLimiter(tenantId: string, opts?: object): { waitForCapacity(n: number): Promise<void> };\n";

ruleTester.run("require-llm-rate-limit", rule, {
  valid: [
    // A wrapper exported to callers in other files: they may check the quota (the CLI sees them); unverified here.
    `${openaiImport}export async function ask(tenantId: string, p: string) { return openai.responses.create({ model: "m", input: p }); }`,
    // Every caller in the file checks the tenant's quota before calling the wrapper.
    `${openaiImport}${limiterDecl}async function ask(tenantId: string, p: string) { return openai.responses.create({ model: "m", input: p }); }\nexport async function a(job: { data: { tenantId: string } }) {\n  await getOrCreateLimiter(job.data.tenantId).waitForCapacity(1);\n  return ask(job.data.tenantId, "x");\n}\nexport async function b(job: { data: { tenantId: string } }) {\n  await getOrCreateLimiter(job.data.tenantId).waitForCapacity(1);\n  return ask(job.data.tenantId, "y");\n}`,
    // An RPC procedure built with a limiter middleware: what it limits is out of sight (unverified).
    `${openaiImport}declare const t: any;\ndeclare const llmRateLimit: unknown;\nconst limited = t.procedure.use(llmRateLimit);\nexport const suggest = limited.mutation(async ({ input }: any) => openai.responses.create({ model: "m", input: input.p }));`,
    // A private method of the class that awaits the tenant's limiter; a limiter awaited with other work in Promise.all.
    openaiImport +
      "declare const rl: { consume(key: string, n: number): Promise<void> };\nexport class Assistant {\n  private async checkAllowance(tenantId: string, n: number) {\n    await rl.consume(`llm:${tenantId}`, n);\n  }\n  async ask(tenantId: string, input: string) {\n    await this.checkAllowance(tenantId, 10);\n    return openai.responses.create({ model: 'x', input });\n  }\n}",
    openaiImport +
      "declare const limiter: { consume(key: string): Promise<void> };\ndeclare function loadPrompt(): Promise<string>;\nexport async function f(tenantId: string) {\n  const [, prompt] = await Promise.all([limiter.consume(tenantId), loadPrompt()]);\n  return openai.responses.create({ model: 'x', input: prompt });\n}",
    // A limiter group's per-key limiter (Bottleneck's `group.key(tenantId)`), whatever the group is called.
    openaiImport +
      "declare const group: { key(k: string): { schedule<T>(fn: () => Promise<T>): Promise<T> } };\nexport const f = (tenantId: string) => group.key(tenantId).schedule(() => openai.responses.create({ model: 'x', input: 'y' }));",
    // Behind route middleware named like a limiter: it may have taken the capacity (unverified, not reported).
    openaiImport +
      "import express from 'express';\ndeclare function tenantRateLimit(req: unknown, res: unknown, next: () => void): void;\nconst app = express();\napp.post('/chat', tenantRateLimit, async (req, res) => {\n  res.json(await openai.responses.create({ model: 'x', input: req.body.prompt }));\n});",
    // A limiter in a try whose catch refuses the call; a Bottleneck group keyed by the tenant, whatever it is called.
    openaiImport +
      "declare const limiter: { consume(key: string): Promise<void> };\nexport async function f(tenantId: string) {\n  try {\n    await limiter.consume(tenantId);\n  } catch {\n    throw new Error('rate limited');\n  }\n  return openai.responses.create({ model: 'x', input: 'y' });\n}",
    openaiImport +
      "import Bottleneck from 'bottleneck';\nconst group = new Bottleneck.Group({ maxConcurrent: 2 });\nexport const f = (tenantId: string) => group.key(tenantId).schedule(() => openai.responses.create({ model: 'x', input: 'y' }));",
    // A limiter keyed by a tenant destructured under another name.
    openaiImport +
      "declare const limiter: { consume(key: string): Promise<void> };\nexport async function f(req: { user: { tenantId: string } }) {\n  const { tenantId: tid } = req.user;\n  await limiter.consume(tid);\n  return openai.responses.create({ model: 'x', input: 'y' });\n}",
    // Tempting look-alikes: not LLM clients.
    // An array named `messages` with a `create` of its own.
    "const messages: any = [];\nexport function f() { return messages.create({}); }",
    // A `chat` object of one's own.
    "const chat = { completions: { create(x: object) { return x; } } };\nexport function f() { return chat.completions.create({}); }",
    // A client of unknown origin (an untyped import): unknown, not reported.
    'import { client } from "./client.js";\nexport function f() { return client.chat.completions.create({ model: "m", messages: [] }); }',
    // A parameter named `openai` with no type.
    "export function f(openai: any) { return openai.chat.completions.create({}); }",
    // Mongoose-style `Message.create` is not an Anthropic call.
    'import mongoose from "mongoose";\nconst Message = mongoose.model("Message", new mongoose.Schema({}));\nexport function f() { return Message.create({}); }',
    // A local `generateText` function, not the SDK's.
    "function generateText(x: object) { return x; }\nexport function f() { return generateText({ prompt: 'hi' }); }",
    // `generateId` from "ai" is not a model call.
    'import { generateId } from "ai";\nexport const id = generateId();',
    // An OpenAI client's non-model calls.
    `${openaiImport}export function f() { return openai.models.list(); }`,
    `${openaiImport}export function f() { return openai.files.create({} as any); }`,
    // Anthropic's token count does not spend the budget.
    `${anthropicImport}export function f() { return anthropic.messages.countTokens({} as any); }`,
    // Limited: the seed's pattern.
    `${openaiImport}${limiterDecl}export async function callLLM(tenantId: string, messages: any[]) {\n  const limiter = getOrCreateLimiter(tenantId, { tokensPerMinute: 90000 });\n  await limiter.waitForCapacity(1000);\n  return openai.chat.completions.create({ model: "gpt-4o", messages });\n}`,
    // Chained limiter obtained for the tenant.
    `${openaiImport}${limiterDecl}export async function callLLM(tenantId: string) {\n  await getOrCreateLimiter(tenantId).waitForCapacity(10);\n  return openai.responses.create({ model: "gpt-4o", input: "hi" });\n}`,
    // A limiter called with the tenant.
    `${openaiImport}declare const limiter: { consume(key: string, n: number): Promise<void> };\nexport async function embed(tenantId: string, input: string) {\n  await limiter.consume(tenantId, 100);\n  return openai.embeddings.create({ model: "e", input });\n}`,
    // A budget reserved with the tenant, from the request.
    `${anthropicImport}declare const budget: { reserve(t: string, n: number): Promise<void> };\nexport async function reply(req: any) {\n  await budget.reserve(req.user.tenantId, 500);\n  return anthropic.messages.create({ model: "m", max_tokens: 10, messages: [] });\n}`,
    // A member limiter (`deps.budget`) and a key built from the tenant.
    `${anthropicImport}export async function reply(deps: any, tenantId: string) {\n  const reservation = await deps.budget.reserve(\`llm:\${tenantId}\`, 500);\n  return anthropic.messages.stream({ model: "m", max_tokens: 10, messages: [] });\n}`,
    // A limiter taken from a per-tenant map.
    `${openaiImport}declare const limiters: Map<string, { removeTokens(n: number): Promise<void> }>;\nexport async function f(tenantId: string) {\n  const limiter = limiters.get(tenantId)!;\n  await limiter.removeTokens(1);\n  return openai.chat.completions.stream({ model: "m", messages: [] });\n}`,
    // A limiter obtained with an options object naming the tenant field.
    `${openaiImport}declare function limiterFor(opts: { tenantId: string }): { waitForCapacity(n: number): Promise<void> };\nexport async function f(ctx: { tenant: string }) {\n  await limiterFor({ tenantId: ctx.tenant }).waitForCapacity(1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
    // A limiter-named function called with the tenant.
    `${openaiImport}declare function enforceTenantQuota(t: string): Promise<void>;\nexport async function f(tenantId: string) {\n  await enforceTenantQuota(tenantId);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
    // The limiter inside a `try` with the call.
    `${openaiImport}${limiterDecl}export async function f(tenantId: string) {\n  try {\n    await getOrCreateLimiter(tenantId).waitForCapacity(1);\n    return await openai.chat.completions.create({ model: "m", messages: [] });\n  } finally {\n    void 0;\n  }\n}`,
    // rate-limiter-flexible throws when the tenant is over budget: the limiter in the `try` covers what follows it.
    `${anthropicImport}declare const limiter: { consume(key: string, n: number): Promise<unknown> };\nexport async function summarize(tenantId: string, reply: any) {\n  try {\n    await limiter.consume(tenantId, 100);\n  } catch {\n    return reply.code(429).send();\n  }\n  return anthropic.messages.create({ model: "m", max_tokens: 10, messages: [] });\n}`,
    // Fan-out after the limiter: the nested calls come after it.
    `${openaiImport}${limiterDecl}export async function f(tenantId: string, chunks: string[]) {\n  await getOrCreateLimiter(tenantId).waitForCapacity(chunks.length);\n  return Promise.all(chunks.map((input) => openai.embeddings.create({ model: "e", input })));\n}`,
    // A wrapper named in `scopeHelpers`.
    {
      code: `${openaiImport}declare function withTenantBudget<T>(t: string, fn: () => Promise<T>): Promise<T>;\nexport function f(tenantId: string) {\n  return withTenantBudget(tenantId, () => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
      settings: { tenant: { scopeHelpers: ["withTenantBudget"] } },
    },
    // A wrapper of this file that awaits the tenant's limiter before running its callback.
    `${openaiImport}${limiterDecl}async function limited<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {\n  await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return fn();\n}\nexport function f(tenantId: string) {\n  return limited(tenantId, () => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
    // Bottleneck: a per-tenant limiter's `schedule`.
    `${openaiImport}declare const group: { key(k: string): { schedule<T>(fn: () => Promise<T>): Promise<T> } };\nexport function f(tenantId: string) {\n  const limiter = group.key(tenantId);\n  return limiter.schedule(() => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
    // `.then` on the tenant's limiter.
    `${openaiImport}declare const limiter: { consume(key: string, n: number): Promise<void> };\nexport function f(tenantId: string) {\n  return limiter.consume(tenantId, 1).then(() => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
    // Vercel AI SDK behind the limiter.
    `import { generateText } from "ai";\n${limiterDecl}export async function f(tenantId: string, model: any) {\n  await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return generateText({ model, prompt: "hi" });\n}`,
    `import * as ai from "ai";\ndeclare const limiter: { consume(key: string, n: number): Promise<void> };\nexport async function f(tenantId: string, model: any) {\n  await limiter.consume(tenantId, 1);\n  return ai.streamText({ model, prompt: "hi" });\n}`,
    // Unknown: a callback handed to a function we cannot see into, with the tenant.
    `${openaiImport}import { runForTenant } from "./tenancy.js";\nexport function f(tenantId: string) {\n  return runForTenant(tenantId, () => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
    // A limiter of a local helper that awaits the tenant's limiter.
    `${openaiImport}${limiterDecl}async function reserveTokens(tenantId: string, n: number) { await getOrCreateLimiter(tenantId).waitForCapacity(n); }\nexport async function f(tenantId: string) {\n  await reserveTokens(tenantId, 10);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
    // An in-house client named in `receivers.llm`, behind the limiter.
    {
      code: `import { LlmClient } from "./llm-client.js";\nconst llm = new LlmClient();\n${limiterDecl}export async function f(tenantId: string) {\n  await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return llm.chat.completions.create({});\n}`,
      settings: { tenant: { receivers: { llm: ["LlmClient"] } } },
    },
    // The OpenAI client built with `new OpenAI.AzureOpenAI()`-style named construct, limited.
    `import { AzureOpenAI } from "openai";\nconst azure = new AzureOpenAI();\ndeclare const budget: { reserve(t: string, n: number): Promise<void> };\nexport async function f(tenantId: string) {\n  await budget.reserve(tenantId, 1);\n  return azure.chat.completions.create({ model: "m", messages: [] });\n}`,
    // A class method with its limiter on `this`, keyed by the tenant.
    `${openaiImport}export class Agent {\n  constructor(private limiter: { consume(k: string, n: number): Promise<void> }) {}\n  async run(tenantId: string) {\n    await this.limiter.consume(tenantId, 1);\n    return openai.chat.completions.create({ model: "m", messages: [] });\n  }\n}`,
    // A constructor of the client is not a call to the model.
    'import OpenAI from "openai";\nexport function make() { return new OpenAI({ apiKey: "k" }); }',
  ],
  invalid: [
    // One caller of the wrapper skips the quota: the call inside is unlimited.
    {
      code: `${openaiImport}${limiterDecl}async function ask(tenantId: string, p: string) { return openai.responses.create({ model: "m", input: p }); }\nexport async function a(job: { data: { tenantId: string } }) {\n  await getOrCreateLimiter(job.data.tenantId).waitForCapacity(1);\n  return ask(job.data.tenantId, "x");\n}\nexport async function b(job: { data: { tenantId: string } }) {\n  return ask(job.data.tenantId, "y");\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 58 }],
    },
    // An RPC procedure with no limiter at all is an entry point: reported.
    {
      code: `${openaiImport}declare const t: any;\nexport const suggest = t.procedure.mutation(async ({ input }: any) => openai.responses.create({ model: "m", input: input.p }));`,
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 71 }],
    },
    {
      // A catch that logs and carries on lets the call through when the tenant is over budget.
      code: `${openaiImport}declare const limiter: { consume(key: string): Promise<void> };\nasync function f(tenantId: string) {\n  try {\n    await limiter.consume(tenantId);\n  } catch (error) {\n    console.warn(error);\n  }\n  return openai.responses.create({ model: "x", input: "y" });\n}`,
      errors: [
        {
          messageId: "missingTenantRateLimit",
          line: 10,
          column: 10,
          data: { call: "openai.responses.create", field: "tenantId" },
        },
      ],
    },
    {
      // The seed's call without the limiter.
      code: `${openaiImport}async function callLLM(tenantId: string, messages: any[]) {\n  return openai.chat.completions.create({ model: "gpt-4o", messages });\n}`,
      errors: [
        {
          messageId: "missingTenantRateLimit",
          line: 4,
          column: 10,
          data: { call: "openai.chat.completions.create", field: "tenantId" },
        },
      ],
    },
    {
      // The limiter is acquired after the call.
      code: `${openaiImport}${limiterDecl}async function f(tenantId: string) {\n  const reply = await openai.chat.completions.create({ model: "m", messages: [] });\n  await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return reply;\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 5, column: 23 }],
    },
    {
      // A limiter keyed by a constant is global, not per tenant.
      code: `${openaiImport}${limiterDecl}async function f(tenantId: string) {\n  await getOrCreateLimiter("global").waitForCapacity(1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      code: `${openaiImport}declare const limiter: { consume(key: string, n: number): Promise<void> };\nasync function f(tenantId: string) {\n  await limiter.consume("all-tenants", 1);\n  return openai.embeddings.create({ model: "e", input: "x" });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      // Not awaited: the call does not wait for capacity.
      code: `${openaiImport}${limiterDecl}async function f(tenantId: string) {\n  void getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      // The limiter is awaited in another branch only.
      code: `${openaiImport}${limiterDecl}async function f(tenantId: string, big: boolean) {\n  if (big) {\n    await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  }\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 8, column: 10 }],
    },
    {
      // A limiter awaited only when something failed does not cover the call.
      code: `${openaiImport}declare const limiter: { consume(key: string, n: number): Promise<unknown> };\nasync function f(tenantId: string) {\n  try {\n    await warm();\n  } catch {\n    await limiter.consume(tenantId, 1);\n  }\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}\ndeclare function warm(): Promise<void>;`,
      errors: [{ messageId: "missingTenantRateLimit", line: 10, column: 10 }],
    },
    {
      // A limiter in another function does not cover this one.
      code: `${openaiImport}${limiterDecl}async function warm(tenantId: string) { await getOrCreateLimiter(tenantId).waitForCapacity(1); }\nasync function f(tenantId: string) {\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      // An awaited tenant-scoped query is not a limiter.
      code: `${openaiImport}import mongoose from "mongoose";\nconst Campaign = mongoose.model("Campaign", new mongoose.Schema({}));\nasync function f(tenantId: string) {\n  await Campaign.find({ tenantId }).limit(10);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 7, column: 10 }],
    },
    {
      // responses, embeddings, legacy completions, streaming.
      code: `${openaiImport}async function f(tenantId: string) {\n  await openai.responses.create({ model: "m", input: "x" });\n  await openai.responses.stream({ model: "m", input: "x" });\n  await openai.embeddings.create({ model: "e", input: "x" });\n  await openai.completions.create({ model: "m", prompt: "x" });\n  openai.chat.completions.stream({ model: "m", messages: [] });\n}`,
      errors: [
        { messageId: "missingTenantRateLimit", line: 4, column: 9 },
        { messageId: "missingTenantRateLimit", line: 5, column: 9 },
        { messageId: "missingTenantRateLimit", line: 6, column: 9 },
        { messageId: "missingTenantRateLimit", line: 7, column: 9 },
        { messageId: "missingTenantRateLimit", line: 8, column: 3 },
      ],
    },
    {
      // The named export, and the beta streaming helper.
      code: 'import { OpenAI } from "openai";\nconst client = new OpenAI();\nfunction f() {\n  return client.beta.chat.completions.stream({ model: "m", messages: [] });\n}',
      errors: [
        {
          messageId: "missingTenantRateLimit",
          line: 4,
          column: 10,
          data: { call: "client.beta.chat.completions.stream", field: "tenantId" },
        },
      ],
    },
    {
      // Module level: no limiter anywhere.
      code: `${openaiImport}const warmup = await openai.chat.completions.create({ model: "m", messages: [] });`,
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 22 }],
    },
    {
      // An Express route.
      code: `${openaiImport}import express from "express";\nconst app = express();\napp.post("/chat", async (req, res) => {\n  const completion = await openai.chat.completions.create({ model: "m", messages: req.body.messages });\n  res.json(completion);\n});`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 28 }],
    },
    {
      // A client held on `this`.
      code: 'import OpenAI from "openai";\nexport class Agent {\n  private client = new OpenAI();\n  run(tenantId: string) { return this.client.chat.completions.create({ model: "m", messages: [] }); }\n}',
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 34 }],
    },
    {
      // Optional chaining and a non-null assertion on the way.
      code: `${openaiImport}function f() { return openai.chat!.completions.create({ model: "m", messages: [] }); }`,
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 23 }],
    },
    // Anthropic
    {
      code: `${anthropicImport}async function reply(tenantId: string) {\n  return anthropic.messages.create({ model: "m", max_tokens: 10, messages: [] });\n}`,
      errors: [
        {
          messageId: "missingTenantRateLimit",
          line: 4,
          column: 10,
          data: { call: "anthropic.messages.create", field: "tenantId" },
        },
      ],
    },
    {
      code: `${anthropicImport}function reply() {\n  const stream = anthropic.messages.stream({ model: "m", max_tokens: 10, messages: [] });\n  return stream;\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 18 }],
    },
    {
      code: 'import { Anthropic } from "@anthropic-ai/sdk";\nconst claude = new Anthropic({ apiKey: "k" });\nfunction reply() {\n  return claude.beta.messages.create({ model: "m", max_tokens: 10, messages: [] } as any);\n}',
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 10 }],
    },
    {
      // A budget keyed by a constant bucket.
      code: `${anthropicImport}declare const budget: { reserve(t: string, n: number): Promise<void> };\nasync function reply(tenantId: string) {\n  await budget.reserve("all", 1);\n  return anthropic.messages.create({ model: "m", max_tokens: 10, messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    // Vercel AI SDK
    {
      code: 'import { generateText } from "ai";\nasync function summarize(model: any, tenantId: string) {\n  return generateText({ model, prompt: "sum" });\n}',
      errors: [
        { messageId: "missingTenantRateLimit", line: 3, column: 10, data: { call: "generateText", field: "tenantId" } },
      ],
    },
    {
      code: 'import { streamText, generateObject, streamObject, embed } from "ai";\nasync function f(model: any) {\n  streamText({ model, prompt: "a" });\n  await generateObject({ model, prompt: "b" } as any);\n  streamObject({ model, prompt: "c" } as any);\n  await embed({ model, value: "d" });\n}',
      errors: [
        { messageId: "missingTenantRateLimit", line: 3, column: 3 },
        { messageId: "missingTenantRateLimit", line: 4, column: 9 },
        { messageId: "missingTenantRateLimit", line: 5, column: 3 },
        { messageId: "missingTenantRateLimit", line: 6, column: 9 },
      ],
    },
    {
      // A renamed import, and the namespace form.
      code: 'import { generateText as gen } from "ai";\nimport * as ai from "ai";\nasync function f(model: any) {\n  await gen({ model, prompt: "a" });\n  await ai.embedMany({ model, values: [] });\n}',
      errors: [
        { messageId: "missingTenantRateLimit", line: 4, column: 9 },
        { messageId: "missingTenantRateLimit", line: 5, column: 9 },
      ],
    },
    {
      // A local wrapper that does not limit anything.
      code: `${openaiImport}async function withRetry<T>(fn: () => Promise<T>): Promise<T> { try { return await fn(); } catch { return fn(); } }\nfunction f(tenantId: string) {\n  return withRetry(() => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 5, column: 26 }],
    },
    {
      // A local limiter wrapper called with a constant instead of the tenant.
      code: `${openaiImport}${limiterDecl}async function limited<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {\n  await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return fn();\n}\nfunction f() {\n  return limited("global", () => openai.chat.completions.create({ model: "m", messages: [] }));\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 9, column: 34 }],
    },
    {
      // Array callbacks are not limiters.
      code: `${openaiImport}function f(inputs: string[]) {\n  return inputs.map((input) => openai.embeddings.create({ model: "e", input }));\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 32 }],
    },
    {
      // A limiter whose key is another value, not the tenant.
      code: `${openaiImport}declare const limiter: { consume(key: string, n: number): Promise<void> };\nasync function f(userId: string) {\n  await limiter.consume(userId, 1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      // A BullMQ worker's processor.
      code: `${openaiImport}import { Worker } from "bullmq";\nconst worker = new Worker("leads", async (job) => {\n  const { tenantId } = job.data;\n  return openai.chat.completions.create({ model: "m", messages: [] });\n});`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      // A let client reassigned, still an OpenAI client.
      code: 'import OpenAI from "openai";\nlet client = new OpenAI();\nfunction reset() { client = new OpenAI(); }\nfunction f() { return client.chat.completions.create({ model: "m", messages: [] }); }',
      errors: [{ messageId: "missingTenantRateLimit", line: 4, column: 23 }],
    },
    {
      // A client made by a local factory.
      code: 'import OpenAI from "openai";\nfunction makeClient() { return new OpenAI(); }\nfunction f() { return makeClient().chat.completions.create({ model: "m", messages: [] }); }',
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 23 }],
    },
    {
      // A limiter awaited in a callback before does not cover the outer call.
      code: `${openaiImport}${limiterDecl}async function f(tenantId: string) {\n  const ready = async () => { await getOrCreateLimiter(tenantId).waitForCapacity(1); };\n  void ready;\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 7, column: 10 }],
    },
    {
      // An in-house client named in `receivers.llm`.
      code: 'import { LlmClient } from "./llm-client.js";\nconst llm = new LlmClient();\nfunction f() { return llm.messages.create({}); }',
      settings: { tenant: { receivers: { llm: ["LlmClient"] } } },
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 23 }],
    },
    {
      // The limiter key is a request id, not the tenant.
      code: `${openaiImport}${limiterDecl}async function f(req: any) {\n  await getOrCreateLimiter(req.id).waitForCapacity(1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      errors: [{ messageId: "missingTenantRateLimit", line: 6, column: 10 }],
    },
    {
      // tenantFields: with `orgId` as the tenant field, a limiter keyed by `tenantId` is keyed by a plain value.
      code: `${openaiImport}declare const limiter: { consume(key: string, n: number): Promise<void> };\nasync function f(orgId: string, tenantId: string) {\n  await limiter.consume(tenantId, 1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
      settings: { tenant: { tenantFields: ["orgId"] } },
      errors: [
        {
          messageId: "missingTenantRateLimit",
          line: 6,
          column: 10,
          data: { call: "openai.chat.completions.create", field: "orgId" },
        },
      ],
    },
  ],
});

// With type information: clients declared in another file (tests/fixture-project/llm.ts).
typedRuleTester.run("require-llm-rate-limit (typed)", rule, {
  valid: [
    // Typed ESLint sees no callers in other files either: an exported wrapper without a limiter is unverified.
    'import { openai } from "./llm.js";\nexport async function ask(tenantId: string, p: string) { return openai.responses.create({ model: "m", input: p }); }',
    `import { openai } from "./llm.js";\n${limiterDecl}export async function f(tenantId: string) {\n  await getOrCreateLimiter(tenantId).waitForCapacity(1);\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}`,
    // An Array's `create`-less look-alike typed as an array.
    "export function f(messages: { create(): void }[]) { return messages.length; }",
    // A typed parameter of one's own type with the same shape.
    "interface Chat { completions: { create(x: object): Promise<void> } }\nexport function f(chat: Chat) { return chat.completions.create({}); }",
  ],
  invalid: [
    {
      code: 'import { openai } from "./llm.js";\nfunction f() {\n  return openai.chat.completions.create({ model: "m", messages: [] });\n}',
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 10 }],
    },
    {
      code: 'import { anthropic } from "./llm.js";\nfunction f() {\n  return anthropic.messages.create({ model: "m", max_tokens: 1, messages: [] });\n}',
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 10 }],
    },
    {
      // A client passed in, typed as the SDK's class.
      code: 'import type OpenAI from "openai";\nfunction f(client: OpenAI) {\n  return client.embeddings.create({ model: "e", input: "x" });\n}',
      errors: [{ messageId: "missingTenantRateLimit", line: 3, column: 10 }],
    },
  ],
});
