import schema from "./schema.json";

/**
 * The package schema, the plugin face's contract: GetSchema serves it, Pulumi YAML reads its types from it, and the
 * SDK generator (tools/pulumi/sdkgen) writes the Python and Go SDKs from it. test/plugin/schema.test.ts holds it to
 * the runtime's codecs, so the two cannot drift apart.
 */
export const SCHEMA: object = schema;
