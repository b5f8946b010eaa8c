import { configure, pipeline } from "./index";

/**
 * The Pipeline provider, as the module that each Pipeline's `__provider` requires by the package's name
 * (resources/kommoResource.ts). State written by every version since 0.1.0 names this path, so it stays here.
 */
const provider = { configure, ...pipeline };
export = provider;
