import type { LibraryAdapter } from "./types.js";

/** The OpenAI SDK: `new OpenAI()` (default or named export) and the model calls on its nested resources. */
export const openai: LibraryAdapter = {
  library: "openai",
  kind: "llm",
  modules: ["openai"],
  defaultExport: "construct",
  constructs: ["OpenAI", "AzureOpenAI"],
  typeNames: ["OpenAI", "AzureOpenAI"],
  callPaths: [
    "chat.completions.create",
    "chat.completions.stream",
    "chat.completions.parse",
    "beta.chat.completions.stream",
    "beta.chat.completions.parse",
    "responses.create",
    "responses.stream",
    "responses.parse",
    "embeddings.create",
    "completions.create",
  ],
};
