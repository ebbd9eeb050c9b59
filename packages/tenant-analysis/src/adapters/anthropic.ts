import type { LibraryAdapter } from "./types.js";

/** The Anthropic SDK: `new Anthropic()` and its message calls (plain, streaming, beta). */
export const anthropic: LibraryAdapter = {
  library: "anthropic",
  kind: "llm",
  modules: ["@anthropic-ai/sdk"],
  defaultExport: "construct",
  constructs: ["Anthropic"],
  typeNames: ["Anthropic", "BaseAnthropic"],
  callPaths: [
    "messages.create",
    "messages.stream",
    "beta.messages.create",
    "beta.messages.stream",
    "completions.create",
  ],
};
