import type { LibraryAdapter } from "./types.js";

/** Mongoose models: `model()` / `mongoose.model()` / `connection.model()` results and `Model<T>`. */
export const mongoose: LibraryAdapter = {
  library: "mongoose",
  kind: "model",
  modules: ["mongoose"],
  defaultExport: "namespace",
  factories: ["model"],
  typeNames: ["Model"],
};
