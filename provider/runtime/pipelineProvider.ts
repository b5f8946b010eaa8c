import { configure } from "./configure";
import { pipeline } from "./pipeline";

/**
 * The Pipeline provider as a module of its own. When the package is installed under node_modules, Pulumi serializes
 * a reference to a module as a `require` of it, so this whole object costs one line of state per resource.
 */
const provider = { configure, ...pipeline };
export = provider;
