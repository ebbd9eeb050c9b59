// LLM clients declared here, imported by typed test cases.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

export const openai = new OpenAI({ apiKey: "test" });
export const anthropic = new Anthropic({ apiKey: "test" });
