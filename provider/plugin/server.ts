import type * as grpcTypes from "@grpc/grpc-js";
import { Empty } from "./deps";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { packageInfo } from "../packageInfo";
import { createProvider } from "../runtime/provider";
import { readSettings } from "../runtime/session/settings";
import { configSource, hasUnknowns } from "./config";
import { toServiceError, unimplemented } from "./errors";
import { invokeFunction } from "./functions";
import { resourceOf, typeOf } from "./resources";
import { SCHEMA } from "./schema";
import { plain, struct, unwrapSecrets } from "./values";

type Handler<Req, Res> = (call: grpcTypes.ServerUnaryCall<Req, Res>, callback: grpcTypes.sendUnaryData<Res>) => void;

/** One async step per call: whatever it throws goes back as the call's error, never as an unhandled rejection. */
function unary<Req, Res>(fn: (req: Req) => Promise<Res>): Handler<Req, Res> {
  return (call, callback) => {
    fn(call.request).then(
      (res) => callback(null, res),
      (e: unknown) => callback(toServiceError(e), null),
    );
  };
}

const refuse =
  (what: string): Handler<unknown, unknown> =>
  (_call, callback) =>
    callback(unimplemented(what), null);

function failures(list: readonly { property: string; reason: string }[]): provproto.CheckFailure[] {
  return list.map((f) => {
    const failure = new provproto.CheckFailure();
    failure.setProperty(f.property);
    failure.setReason(f.reason);
    return failure;
  });
}

const DIFF = provproto.DiffResponse.DiffChanges;

/**
 * The resource-provider service of `pulumi-resource-kommo`. Every resource call goes to the same runtime as the
 * dynamic face (one session per provider process: one client, one limiter, one set of batchers), so checks,
 * batching, order repair and recovery are the same code. What only a plugin can do lives here: configuration from
 * the engine, `pulumi import` (a Read that has only an id), functions, and the schema.
 */
export function providerService(env: NodeJS.ProcessEnv = process.env) {
  const runtime = createProvider(env);

  return {
    getPluginInfo: unary(async () => new plugproto.PluginInfo().setVersion(packageInfo().version)),

    getSchema: unary(async () => new provproto.GetSchemaResponse().setSchema(JSON.stringify(SCHEMA))),

    // Settings are checked where the engine shows failures against the provider, at preview. Inputs go back exactly
    // as they came, secrets still wrapped, so an explicit provider's token stays a secret in state.
    checkConfig: unary(async (req: provproto.CheckRequest) => {
      const res = new provproto.CheckResponse();
      const news = req.getNews();
      if (news) res.setInputs(news);
      const args = news?.toJavaScript() ?? {};
      if (hasUnknowns(args)) return res;
      const settings = readSettings(configSource(args, new Map()), env);
      if (settings._tag === "Left") res.setFailuresList(failures([{ property: "", reason: settings.left }]));
      return res;
    }),

    diffConfig: unary(async (req: provproto.DiffRequest) => {
      const olds = JSON.stringify(unwrapSecrets(req.getOlds()?.toJavaScript() ?? {}));
      const news = JSON.stringify(unwrapSecrets(req.getNews()?.toJavaScript() ?? {}));
      // Another account or token changes where the resources are read and written, never the resources themselves.
      return new provproto.DiffResponse().setChanges(olds === news ? DIFF.DIFF_NONE : DIFF.DIFF_SOME);
    }),

    configure: unary(async (req: provproto.ConfigureRequest) => {
      const args = req.getArgs()?.toJavaScript() ?? {};
      // With settings still unknown (preview), nothing can be read; the engine does not call on the provider then.
      if (!hasUnknowns(args)) {
        const variables = new Map(req.getVariablesMap().toArray());
        runtime.configureFrom(configSource(args, variables));
      }
      // As the dynamic host answers: the engine sends secrets in clear and marks the outputs secret itself.
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(false)
        .setAcceptresources(false)
        .setSupportspreview(false);
    }),

    check: unary(async (req: provproto.CheckRequest) => {
      const { resource } = resourceOf(runtime, typeOf(req));
      const result = await resource.check(plain(req.getOlds()), plain(req.getNews()));
      const res = new provproto.CheckResponse().setInputs(
        struct((result.inputs as object | undefined) ?? plain(req.getNews())),
      );
      return res.setFailuresList(failures(result.failures ?? []));
    }),

    diff: unary(async (req: provproto.DiffRequest) => {
      const { resource, id } = resourceOf(runtime, typeOf(req));
      const result = await resource.diff(id(req.getId()), plain(req.getOlds()), plain(req.getNews()));
      return new provproto.DiffResponse()
        .setChanges(
          result.changes === true ? DIFF.DIFF_SOME : result.changes === false ? DIFF.DIFF_NONE : DIFF.DIFF_UNKNOWN,
        )
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
    }),

    create: unary(async (req: provproto.CreateRequest) => {
      const { resource } = resourceOf(runtime, typeOf(req));
      const result = await resource.create(plain(req.getProperties()));
      return new provproto.CreateResponse()
        .setId(result.id)
        .setProperties(struct((result.outs as object | undefined) ?? {}));
    }),

    read: unary(async (req: provproto.ReadRequest) => {
      const { resource, importer, id } = resourceOf(runtime, typeOf(req));
      const props = plain(req.getProperties());
      // An import has an id and nothing else; a refresh has the state it recorded.
      const result =
        Object.keys(props).length === 0
          ? await importer(runtime.session(), req.getId())
          : await resource.read(id(req.getId()), props);
      const res = new provproto.ReadResponse();
      // No id and no properties is how the engine learns the object is gone (or, for an import, was never there).
      if (result.id === undefined) return res;
      res.setId(result.id).setProperties(struct((result.props as object | undefined) ?? {}));
      if (result.inputs) res.setInputs(struct(result.inputs as object));
      return res;
    }),

    update: unary(async (req: provproto.UpdateRequest) => {
      const { resource, id } = resourceOf(runtime, typeOf(req));
      const result = await resource.update(id(req.getId()), plain(req.getOlds()), plain(req.getNews()));
      return new provproto.UpdateResponse().setProperties(struct((result.outs as object | undefined) ?? {}));
    }),

    delete: unary(async (req: provproto.DeleteRequest) => {
      const { resource, id } = resourceOf(runtime, typeOf(req));
      await resource.delete(id(req.getId()), plain(req.getProperties()));
      return new Empty();
    }),

    invoke: unary(async (req: provproto.InvokeRequest) => {
      const result = await invokeFunction(runtime.session(), req.getTok(), plain(req.getArgs()));
      const res = new provproto.InvokeResponse();
      if ("failures" in result) return res.setFailuresList(failures(result.failures));
      return res.setReturn(struct(result.value));
    }),

    cancel: unary(async () => new Empty()),
    construct: refuse("Construct (component resources)"),
    call: refuse("Call (resource methods)"),
    parameterize: refuse("Parameterize"),
    attach: refuse("Attach (debugging)"),
    handshake: refuse("Handshake"),
    getMapping: refuse("GetMapping"),
    getMappings: refuse("GetMappings"),
  };
}

export const ResourceProviderService = provrpc.ResourceProviderService;
