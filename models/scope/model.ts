import { logger, type Logger } from '../../runtime/core/log.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type {
  BackendStatus,
  ModelLoadOptions,
  ModelSession,
  OpenSessionOptions,
  WorldModel,
} from '../../runtime/core/world-model.ts';
import { ModelLoadError, ModelRunError } from '../contract/errors.ts';
import { ensurePipeline, ScopeClient, type ScopeParameters } from './client.ts';
import { readScopeFolder, type ScopeSpec } from './manifest.ts';
import { ScopeSession } from './session.ts';
import { HeadlessTransport } from './headless.ts';
import { MpegTsTransport } from './mpegts.ts';
import { WebRtcTransport, type ScopeTransport, type TransportKind, type TransportOptions } from './transport.ts';

export interface ScopeModelOptions extends ModelLoadOptions {
  /** poll interval of the pipeline status while it loads (tests) */
  pollMs?: number;
  connectTimeoutMs?: number;
}

/**
 * The connection: the kind the folder names, else WebRTC, then Scope's headless session with a JPEG per step,
 * then its MPEG-TS stream (ffmpeg). JPEG before MPEG-TS: Scope's TS encoder runs ~40 frames behind (README).
 */
async function connectTransport(
  only: TransportKind | undefined,
  t: TransportOptions,
  where: string,
  log: Logger,
): Promise<ScopeTransport> {
  const problems: string[] = [];
  const kinds = only ? [only] : (['webrtc', 'headless', 'mpegts'] as const);
  for (const kind of kinds) {
    try {
      if (kind === 'webrtc') return await WebRtcTransport.connect(t);
      return kind === 'headless' ? await HeadlessTransport.connect(t) : await MpegTsTransport.connect(t);
    } catch (err) {
      problems.push(`${kind}: ${(err as Error).message}`);
      const next = kinds[kinds.indexOf(kind) + 1];
      if (next) log.warn({ server: where, err: (err as Error).message }, `Scope over ${kind} failed: trying ${next}`);
    }
  }
  throw new ModelLoadError(where, problems);
}

/**
 * A model folder whose `scope` entry names a Daydream Scope server and pipeline. Loading makes sure the
 * pipeline is loaded and opens one connection (WebRTC, else headless JPEG, else MPEG-TS); each visit's session starts the
 * world afresh on it (reset_cache and the style's prompt). A lost connection fails the model; the keeper
 * falls back and loads it again (a new connection) for a later visit.
 */
export class ScopeWorldModel implements WorldModel {
  private session: ScopeSession | undefined;
  private failed: Error | undefined;
  private isClosed = false;
  private readonly listeners = new Set<(e: Error) => void>();

  private constructor(
    readonly manifest: Manifest,
    readonly spec: ScopeSpec,
    private readonly prompts: Record<string, string>,
    private readonly transport: ScopeTransport,
    readonly where: string,
    private readonly log: Logger,
  ) {
    transport.onLost((err) => this.fail(new ModelRunError(`${where}: ${err.message}`, 'crashed')));
  }

  get transportKind(): TransportKind {
    return this.transport.kind;
  }

  static async load(dir: string, opts: ScopeModelOptions = {}): Promise<ScopeWorldModel> {
    const folder = await readScopeFolder(dir);
    const { spec, manifest } = folder;
    const where = `Scope at ${spec.url} pipeline "${spec.pipeline}"`;
    const log = opts.log ?? logger('model:scope');
    const client = new ScopeClient(spec.url);
    try {
      await ensurePipeline(client, spec.pipeline, spec.loadParams, spec.loadTimeoutMs, opts.pollMs);
    } catch (err) {
      throw new ModelLoadError(where, [(err as Error).message]);
    }
    const style = manifest.style?.default;
    const prompt = style !== undefined ? folder.prompts[style] : undefined;
    const initial: ScopeParameters = { ...(prompt ? { prompts: [{ text: prompt, weight: 1 }] } : {}), paused: false };
    const t: TransportOptions = {
      client,
      pipeline: spec.pipeline,
      initial,
      frameTimeoutMs: spec.frameTimeoutMs,
      width: manifest.width,
      height: manifest.height,
      ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    };
    const transport = await connectTransport(spec.transport, t, where, log);
    log.info(
      { model: manifest.name, server: where, transport: transport.kind, session: transport.sessionId },
      'Scope connected',
    );
    return new ScopeWorldModel(manifest, spec, folder.prompts, transport, where, log);
  }

  /** a new world on the open connection: the previous session ends, Scope's cache is reset, the style's prompt set */
  async openSession(opts: OpenSessionOptions = {}): Promise<ModelSession> {
    opts.abort?.throwIfAborted();
    if (this.failed) throw this.failed;
    if (this.isClosed) throw new ModelRunError(`${this.where}: model closed`, 'closed');
    if (opts.image)
      throw new ModelRunError(
        `${this.where}: cannot start a world from a picture (not wired for Scope pipelines)`,
        'bad-state',
      );
    let style = opts.style ?? this.manifest.style?.default;
    if (style !== undefined && !(style in this.prompts)) {
      // a style carried over from another world (the fallback's) must not keep the kiosk off Scope
      this.log.warn(
        { style, presets: Object.keys(this.prompts) },
        `style "${style}" is not a preset of ${this.manifest.name}: its default style starts`,
      );
      style = this.manifest.style?.default;
    }
    await this.session?.close();
    const prompt = style !== undefined ? this.prompts[style] : undefined;
    this.transport.hold(false); // a visit that ended paused leaves no pause behind
    this.transport.send({
      reset_cache: true,
      ...(prompt ? { prompts: [{ text: prompt, weight: 1 }] } : {}),
      ...(this.spec.ctrlInput ? { ctrl_input: { button: [], mouse: [0, 0] } } : {}),
    });
    this.session = new ScopeSession({
      transport: this.transport,
      spec: this.spec,
      manifest: this.manifest,
      prompts: this.prompts,
      style,
      where: this.where,
    });
    this.log.info({ server: this.where, style }, 'Scope world started');
    return this.session;
  }

  onFailure(fn: (err: Error) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  describe(): BackendStatus {
    return {
      backend: 'scope',
      where: `${this.spec.url} pipeline "${this.spec.pipeline}" (${this.transport.kind})`,
      ...(this.transport.sessionId ? { sequence: this.transport.sessionId } : {}),
    };
  }

  /** drops the connection as a lost server would; onFailure listeners are told */
  crash(): void {
    this.transport.kill('the connection was dropped (crash requested)');
    if (!this.failed) this.fail(new ModelRunError(`${this.where}: crash requested`, 'crashed'));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.session?.close();
    await this.transport.close();
  }

  private fail(err: Error): void {
    if (this.failed || this.isClosed) return;
    this.failed = err;
    this.log.error({ err: err.message }, 'Scope model failed');
    for (const fn of this.listeners) fn(err);
  }
}
