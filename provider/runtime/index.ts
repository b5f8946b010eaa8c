export { configure } from "./configure";
export { pipeline } from "./pipeline";
export { status } from "./status";
