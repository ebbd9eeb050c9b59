// A logger module whose default export is the logger itself, imported by typed test cases.
import { pino } from "pino";

export default pino();
