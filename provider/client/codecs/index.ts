export * from "./common";
export * from "./status";
export * from "./pipeline";
export * from "./envelopes";
export * from "./problem";
export * from "./lead";
