/**
 * A small in-process KServe v2 gRPC server (models/remote/proto/grpc_service.proto) serving the tiny scroller
 * of tiny-model.ts computed in JavaScript (tiny-inference.ts), with Triton's sequence extension: a stand-in for
 * unit tests of the remote client below the real tests against `nacre model-server`
 * (test/e2e/remote-model.test.ts). Hooks make it stall, answer errors or malformed tensors, list other metadata,
 * or die. Certificates for its TLS: tls-certificates.ts.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  serviceDefinition,
  type ModelInferRequest,
  type ModelInferResponse,
  type ModelMetadataResponse,
} from '../../models/remote/proto.ts';
import { TinyServer, param, tinyMetadata, type TinyState } from './tiny-inference.ts';
import { tinyManifest } from './tiny-model.ts';

/** what a hook may make of one request: the normal answer (undefined), an error, silence, or a changed answer */
export type StepHook = (
  req: ModelInferRequest,
  seq: string,
) => undefined | { error: string } | 'stall' | ((r: ModelInferResponse) => void);

export interface StandInOptions {
  model?: string;
  /** replaces the metadata the server lists */
  metadata?: (md: ModelMetadataResponse) => void;
  takesPrompt?: boolean;
  token?: string;
  tls?: { key: Buffer; cert: Buffer };
  live?: boolean;
}

export interface StandIn {
  port: number;
  url: string;
  requests: ModelInferRequest[];
  sequences: Map<string, TinyState>;
  prompts: string[];
  hook: StepHook | undefined;
  /** ends every call at once and stops listening, as a killed server would */
  kill(): void;
  stop(): Promise<void>;
}

function authorised(o: StandInOptions, md: grpc.Metadata): boolean {
  return !o.token || md.get('authorization')[0] === `Bearer ${o.token}`;
}

/** the hook a test sets on the stand-in, read by the handlers at each request */
interface Hooks {
  hook: StepHook | undefined;
}

function handlers(
  o: StandInOptions & { model: string },
  tiny: TinyServer,
  hooks: Hooks,
): grpc.UntypedServiceImplementation {
  const unary =
    (answer: (req: { name?: string }) => object) =>
    (call: grpc.ServerUnaryCall<{ name?: string }, object>, cb: grpc.sendUnaryData<object>) => {
      if (!authorised(o, call.metadata))
        return cb({ code: grpc.status.UNAUTHENTICATED, details: 'bad or missing bearer token' });
      cb(null, answer(call.request));
    };
  return {
    ServerLive: unary(() => ({ live: o.live ?? true })),
    ServerReady: unary(() => ({ ready: true })),
    ModelReady: unary((r) => ({ ready: r.name === o.model })),
    ModelMetadata: unary(() => {
      const md = tinyMetadata(o.model, o.takesPrompt ?? false);
      o.metadata?.(md);
      return md;
    }),
    ModelInfer: unary(() => ({})),
    ModelStreamInfer: (call: grpc.ServerDuplexStream<ModelInferRequest, object>) => {
      if (!authorised(o, call.metadata))
        return call.destroy(Object.assign(new Error('bad token'), { code: grpc.status.UNAUTHENTICATED }));
      call.on('data', (req: ModelInferRequest) => {
        const hooked = hooks.hook?.(req, String(param(req, 'sequence_id')));
        if (hooked === 'stall') return;
        if (hooked && typeof hooked === 'object')
          return call.write({ error_message: hooked.error, infer_response: { id: req.id } });
        const r = tiny.infer(req);
        if (typeof r === 'string') return call.write({ error_message: r, infer_response: { id: req.id } });
        if (typeof hooked === 'function') hooked(r);
        call.write({ error_message: '', infer_response: r });
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  };
}

export async function startStandIn(opts: StandInOptions = {}, port = 0): Promise<StandIn> {
  const o = { ...opts, model: opts.model ?? 'tiny' };
  const tiny = new TinyServer(o);
  const hooks: Hooks = { hook: undefined };
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 64 << 20,
    'grpc.max_send_message_length': 64 << 20,
  });
  server.addService(serviceDefinition(), handlers(o, tiny, hooks));
  const creds = o.tls
    ? grpc.ServerCredentials.createSsl(null, [{ private_key: o.tls.key, cert_chain: o.tls.cert }])
    : grpc.ServerCredentials.createInsecure();
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, creds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port: bound,
    url: `${o.tls ? 'grpcs' : 'grpc'}://127.0.0.1:${bound}`,
    requests: tiny.requests,
    sequences: tiny.sequences,
    prompts: tiny.prompts,
    get hook() {
      return hooks.hook;
    },
    set hook(h) {
      hooks.hook = h;
    },
    kill: () => server.forceShutdown(),
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** a remote model folder for the tiny scroller: its manifest without state, with `remote` (extra merged in) */
export async function writeRemoteTinyFolder(
  remote: Record<string, unknown>,
  patch?: (m: Record<string, unknown>) => void,
): Promise<string> {
  const m = tinyManifest();
  delete m.state;
  delete m.stateBudgetBytes;
  m.remote = { model: 'tiny', ...remote };
  patch?.(m);
  const dir = await mkdtemp(join(tmpdir(), 'nacre-remote-'));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 1));
  return dir;
}
