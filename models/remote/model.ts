import { randomBytes } from 'node:crypto';
import { logger, type Logger } from '../../runtime/core/log.ts';
import type { Manifest, RemoteSpec } from '../../runtime/core/manifest.ts';
import type {
  BackendStatus,
  ModelLoadOptions,
  ModelSession,
  OpenSessionOptions,
  WorldModel,
} from '../../runtime/core/world-model.ts';
import { ConditionEncoder } from '../conditions.ts';
import { ModelLoadError, ModelRunError } from '../contract/errors.ts';
import { displayPath, readModelFolder } from '../contract/folder.ts';
import { fitRgb } from '../image.ts';
import { callProblem, RemoteChannel, type ChannelOptions } from './channel.ts';
import { JpegDecoder } from './jpeg.ts';
import { MetadataChecker, type RemoteIO } from './metadata.ts';
import type { ModelMetadataResponse } from './proto.ts';
import { RemoteSession } from './session.ts';
import { StepStream } from './stream.ts';

export interface RemoteModelOptions extends ModelLoadOptions {
  /** where the token's variable is looked up (tests); default process.env */
  env?: NodeJS.ProcessEnv;
  connectTimeoutMs?: number;
}

/** a sequence id unique across restarts of the runtime and across kiosks: 53 random bits, never 0 */
export function newSequenceId(): string {
  return String((randomBytes(8).readBigUInt64LE() >> 11n) | 1n);
}

/** ServerLive, ServerReady, ModelReady, then ModelMetadata against the manifest */
async function connect(
  channel: RemoteChannel,
  spec: RemoteSpec,
  manifest: Manifest,
  where: string,
  progress: ModelLoadOptions['progress'],
): Promise<RemoteIO> {
  const CALLS = ['ServerLive', 'ServerReady', 'ModelReady', 'ModelMetadata'] as const;
  const call = async <T>(name: (typeof CALLS)[number], req: object): Promise<T> => {
    progress?.({ what: `asking the server: ${name}`, done: CALLS.indexOf(name), total: CALLS.length });
    try {
      return await channel.unary<T>(name, req);
    } catch (err) {
      throw new ModelLoadError(where, [callProblem(name, err)]);
    }
  };
  const model = { name: spec.model, version: spec.version ?? '' };
  if (!(await call<{ live: boolean }>('ServerLive', {})).live)
    throw new ModelLoadError(where, ['the server says it is not live (ServerLive: false)']);
  if (!(await call<{ ready: boolean }>('ServerReady', {})).ready)
    throw new ModelLoadError(where, ['the server says it is not ready (ServerReady: false)']);
  if (!(await call<{ ready: boolean }>('ModelReady', model)).ready) {
    throw new ModelLoadError(where, [
      `model "${spec.model}"${spec.version ? ` version ${spec.version}` : ''} is not ready on the server (ModelReady: false)`,
    ]);
  }
  const md = await call<ModelMetadataResponse>('ModelMetadata', model);
  progress?.({ what: 'the server answered', done: CALLS.length, total: CALLS.length });
  return new MetadataChecker(where, manifest, md).io(spec.frames);
}

/** A wm/1 model folder whose `remote` entry names an inference server (KServe v2 gRPC) that runs it. */
export class RemoteWorldModel implements WorldModel {
  private session: RemoteSession | undefined;
  private failed: Error | undefined;
  private isClosed = false;
  private readonly listeners = new Set<(e: Error) => void>();
  private readonly jpeg: JpegDecoder | undefined;

  private constructor(
    readonly manifest: Manifest,
    readonly spec: RemoteSpec,
    readonly io: RemoteIO,
    private readonly channel: RemoteChannel,
    private readonly lookahead: number,
    private readonly log: Logger,
  ) {
    this.jpeg = io.frames === 'jpeg' ? new JpegDecoder() : undefined;
    this.jpeg?.warm();
  }

  /** where: the server and the model, as every message names them */
  get where(): string {
    return `${this.spec.url} model "${this.spec.model}"${this.spec.version ? ` version ${this.spec.version}` : ''}`;
  }

  static async load(dir: string, opts: RemoteModelOptions = {}): Promise<RemoteWorldModel> {
    const folder = await readModelFolder(dir);
    const spec = folder.manifest.remote;
    if (!spec)
      throw new ModelLoadError(displayPath(`${folder.dir}/manifest.json`), [
        'has no "remote" entry: not a remote model folder',
      ]);
    const where = `${spec.url} model "${spec.model}"${spec.version ? ` version ${spec.version}` : ''}`;
    const log = opts.log ?? logger('model:remote');
    const channelOpts: ChannelOptions = {
      dir: folder.dir,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    };
    opts.progress?.({ what: `connecting to ${spec.url}` });
    const channel = await RemoteChannel.open(spec, channelOpts);
    try {
      const io = await connect(channel, spec, folder.manifest, where, opts.progress);
      if (channel.tokenInClear)
        log.warn({ server: spec.url }, 'the model token is sent over plaintext gRPC: use grpcs:// beyond this machine');
      log.info({ model: folder.manifest.name, server: where, frames: io.frames }, 'remote model connected');
      return new RemoteWorldModel(folder.manifest, spec, io, channel, spec.lookahead ?? opts.lookahead ?? 1, log);
    } catch (err) {
      channel.close();
      throw err;
    }
  }

  /** a new sequence on its own stream; the previous one is ended first (one world per model) */
  async openSession(opts: OpenSessionOptions = {}): Promise<ModelSession> {
    opts.abort?.throwIfAborted();
    if (this.failed) throw this.failed;
    if (this.isClosed) throw new ModelRunError(`${this.where}: model closed`, 'closed');
    await this.session?.close();
    const encoder = new ConditionEncoder(this.manifest);
    if (opts.style && !encoder.setStyle(opts.style)) {
      throw new ModelRunError(
        `style "${opts.style}" is not a preset of ${this.manifest.name}: ${encoder.presets.join(', ')}`,
        'bad-state',
      );
    }
    const image = opts.image ? this.initImage(opts.image) : undefined;
    const stream = new StepStream(this.channel, this.where, this.spec.stepTimeoutMs, (err) => {
      if (this.session?.stream === stream && !this.session.closed) this.fail(err);
    });
    this.session = new RemoteSession({
      stream,
      spec: this.spec,
      io: this.io,
      manifest: this.manifest,
      encoder,
      where: this.where,
      sequenceId: newSequenceId(),
      lookahead: this.lookahead,
      seed: opts.seed ?? 0,
      log: this.log,
      ...(image ? { image } : {}),
      ...(this.jpeg ? { jpeg: this.jpeg } : {}),
    });
    this.log.info({ server: this.where, sequence: this.session.sequenceId }, 'sequence opened');
    return this.session;
  }

  private initImage(image: OpenSessionOptions['image'] & object): Uint8Array {
    if (!this.io.image)
      throw new ModelRunError(
        `${this.where} cannot start from a picture (its ModelMetadata lists no "image" input)`,
        'bad-state',
      );
    return fitRgb(image, this.io.image.width, this.io.image.height);
  }

  onFailure(fn: (err: Error) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  describe(): BackendStatus {
    const rtt = this.session?.stream.roundTripMs;
    return {
      backend: 'remote',
      where: this.where,
      ...(this.session ? { sequence: this.session.sequenceId } : {}),
      ...(rtt !== undefined ? { roundTripMs: Math.round(rtt * 10) / 10 } : {}),
    };
  }

  /** cancels the stream as a crash of the connection would; onFailure listeners are told */
  crash(): void {
    const s = this.session;
    if (s && !s.closed && !s.stream.broken) s.stream.cancel('the stream was cancelled (crash requested)');
    else this.fail(new ModelRunError(`${this.where}: crash requested`, 'crashed'));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.session?.close();
    await this.jpeg?.close();
    this.channel.close();
  }

  private fail(err: Error): void {
    if (this.failed || this.isClosed) return;
    this.failed = err;
    this.log.error({ err: err.message, sequence: this.session?.sequenceId }, 'remote model failed');
    for (const fn of this.listeners) fn(err);
  }
}
