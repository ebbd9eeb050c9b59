// Re-exports, which typed rules follow to the declarations.
export * from "./redis-keys.js";
