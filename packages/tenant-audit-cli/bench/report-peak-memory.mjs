// Preloaded into a measured child process (`node --import`): on exit, writes the process's peak
// resident set size (kilobytes) to the file named by BENCH_PEAK_FILE. Portable, unlike `time -v`.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS));
});
