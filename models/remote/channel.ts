/** The gRPC channel to an inference server: address, TLS, the bearer token, message limits, unary calls. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ModelLoadError } from '../contract/errors.ts';
import type { RemoteSpec } from '../../runtime/core/manifest.ts';
import { grpcErrorText, method, type MethodName } from './proto.ts';

/** a 720p multi-frame raw step is well over gRPC's default 4 MiB */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const FLOW_WINDOW_BYTES = 16 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 5000;

export interface ChannelOptions {
  /** the model folder (caFile is relative to it) */
  dir: string;
  env?: NodeJS.ProcessEnv;
  connectTimeoutMs?: number;
}

export class RemoteChannel {
  private constructor(
    readonly client: grpc.Client,
    /** "grpc://host:port" as the manifest gives it */
    readonly url: string,
    private readonly token: string | undefined,
    readonly connectTimeoutMs: number,
  ) {}

  static async open(spec: RemoteSpec, opts: ChannelOptions): Promise<RemoteChannel> {
    const { target, tls } = parseUrl(spec.url);
    let creds = grpc.credentials.createInsecure();
    if (tls) {
      const ca = spec.caFile ? await readCa(resolve(opts.dir, spec.caFile), spec.url) : undefined;
      creds = grpc.credentials.createSsl(ca);
    } else if (spec.caFile) {
      throw new ModelLoadError(spec.url, [`caFile is given but the url is grpc:// (plaintext): use grpcs:// for TLS`]);
    }
    const token = (opts.env ?? process.env)[spec.tokenEnv] || undefined;
    const client = new grpc.Client(target, creds, {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      // HTTP/2's default 64 KiB window would make a 1 MB frame wait on ~15 window updates
      'grpc-node.flow_control_window': FLOW_WINDOW_BYTES,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 2_000,
      // a server coming back after a restart is tried at once, not after grpc's reconnect backoff
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
    return new RemoteChannel(client, spec.url, token, opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
  }

  /** true when a token is sent over plaintext (worth a warning) */
  get tokenInClear(): boolean {
    return this.token !== undefined && this.url.startsWith('grpc://');
  }

  /** per-call metadata: `authorization: Bearer <token>` when the token's env var is set */
  metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    if (this.token) md.set('authorization', `Bearer ${this.token}`);
    return md;
  }

  unary<Res>(name: MethodName, request: object, timeoutMs = this.connectTimeoutMs): Promise<Res> {
    const m = method(name);
    return new Promise((done, fail) => {
      const deadline = new Date(Date.now() + timeoutMs);
      this.client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        request,
        this.metadata(),
        { deadline },
        (err, res) => (err ? fail(err) : done(res as Res)),
      );
    });
  }

  /** the ModelStreamInfer bidirectional stream (the caller writes requests, reads responses in order) */
  stream(): grpc.ClientDuplexStream<object, object> {
    const m = method('ModelStreamInfer');
    return this.client.makeBidiStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, this.metadata());
  }

  close(): void {
    this.client.close();
  }
}

export function parseUrl(url: string): { target: string; tls: boolean } {
  const m = /^(grpcs?):\/\/([^/\s]+)$/.exec(url);
  if (!m) throw new ModelLoadError(url, ['remote.url must be grpc://host:port or grpcs://host:port']);
  return { target: m[2]!, tls: m[1] === 'grpcs' };
}

async function readCa(path: string, url: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new ModelLoadError(url, [
      `remote.caFile ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    ]);
  }
}

/** a failed connect-time call as one readable problem: which call, what gRPC said */
export function callProblem(call: string, err: unknown): string {
  const text = grpcErrorText(err);
  if ((err as grpc.ServiceError).code === grpc.status.UNAVAILABLE)
    return `the server cannot be reached (${call}: ${text})`;
  if ((err as grpc.ServiceError).code === grpc.status.DEADLINE_EXCEEDED)
    return `the server did not answer ${call} in time (${text})`;
  if ((err as grpc.ServiceError).code === grpc.status.UNAUTHENTICATED)
    return `${call} was refused: ${text} (is the token's environment variable set?)`;
  return `${call} failed: ${text}`;
}
