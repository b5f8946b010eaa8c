import { createRequire } from "node:module";

/**
 * gRPC and protobuf as @pulumi/pulumi has them. The service stubs this plugin serves (`@pulumi/pulumi/proto/*`) are
 * the SDK's, built on its own copies of both; taking them from the same place means every message built here is of
 * the classes the stubs serialize, and the package needs no dependency of its own, resolvable under pnpm too.
 */
const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc = fromSdk("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
export const { Struct } = fromSdk(
  "google-protobuf/google/protobuf/struct_pb",
) as typeof import("google-protobuf/google/protobuf/struct_pb");
export const { Empty } = fromSdk(
  "google-protobuf/google/protobuf/empty_pb",
) as typeof import("google-protobuf/google/protobuf/empty_pb");
export const { Any } = fromSdk(
  "google-protobuf/google/protobuf/any_pb",
) as typeof import("google-protobuf/google/protobuf/any_pb");
