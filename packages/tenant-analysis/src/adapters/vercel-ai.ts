import type { LibraryAdapter } from "./types.js";

/** The Vercel AI SDK: its model calls are plain functions imported from "ai" (no client object). */
export const vercelAi: LibraryAdapter = {
  library: "vercel-ai",
  kind: "llm",
  modules: ["ai"],
  typeNames: [],
  callableExports: ["generateText", "streamText", "generateObject", "streamObject", "embed", "embedMany"],
};
