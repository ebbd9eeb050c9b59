import type { LibraryAdapter } from "../types.js";

/** Mongoose models: `model()` / `mongoose.model()` / `connection.model()` results and `Model<T>`. */
export const mongoose: LibraryAdapter = {
  library: "mongoose",
  kind: "model",
  modules: ["mongoose"],
  defaultExport: "namespace",
  factories: ["model"],
  // `Collection`: what `connection.collection("x")` returns, the driver's collection under Mongoose's name.
  typeNames: ["Model", "Collection"],
};
