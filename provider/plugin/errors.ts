import { grpc } from "./deps";
import type * as grpcTypes from "@grpc/grpc-js";
import { Any } from "./deps";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { struct } from "./values";

/** A failure after Kommo made the object: the runtime attaches its id and what it holds, so the engine keeps it. */
interface InitFailure extends Error {
  id?: string;
  properties?: object;
  reasons?: string[];
}

/**
 * An error as the engine wants it. A create or update that made the object but did not finish says so in the
 * status details (ErrorResourceInitFailed), which is how the engine records the object with its reasons instead of
 * losing it: the same answer the dynamic-provider host gives, so both faces keep a half-made pipeline alike.
 */
export function toServiceError(e: unknown): Partial<grpcTypes.StatusObject> {
  const error: InitFailure = e instanceof Error ? e : new Error(String(e));
  const metadata = new grpc.Metadata();
  if (error.id) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(struct(error.properties ?? {}));
    detail.setReasonsList(error.reasons ?? [error.message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(error.message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: error.message, metadata };
}

export const unimplemented = (what: string): Partial<grpcTypes.StatusObject> => ({
  code: grpc.status.UNIMPLEMENTED,
  details: `${what} is not implemented by the kommo provider`,
});
