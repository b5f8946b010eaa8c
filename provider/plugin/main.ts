import { grpc } from "./deps";
import { ResourceProviderService, providerService } from "./server";

/** The engine's messages can be large (a refresh of many pipelines); the gRPC default of 4 MB is not enough. */
const MAX_MESSAGE = 400 * 1024 * 1024;

/**
 * `pulumi-resource-kommo`: the engine starts it with its own address as the last argument, reads the port from the
 * first line of stdout and dials it. Nothing else may go to stdout; the engine shows stderr in its logs.
 */
export function main(): void {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE,
    "grpc.max_send_message_length": MAX_MESSAGE,
  });
  server.addService(ResourceProviderService, providerService());
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`pulumi-resource-kommo: cannot listen: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
}
