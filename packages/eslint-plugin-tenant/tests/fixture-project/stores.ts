// Store factories declared here, imported by typed test cases: only the type checker can tell
// that `makeCache()` in file.ts returns a Map and `makeLog()` an array.
export const makeCache = (): Map<string, string> => new Map();
export const makeLog = (): string[] => [];

/** Not a container: a client object with a `set` method of its own. */
export const makeClient = () => ({ set: (key: string, value: string) => `${key}=${value}` });
