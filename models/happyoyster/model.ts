import { randomUUID } from 'node:crypto';
import jpeg from 'jpeg-js';
import { logger, type Logger } from '../../runtime/core/log.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type {
  BackendStatus,
  ModelLoadOptions,
  ModelSession,
  OpenSessionOptions,
  RgbImage,
  WorldModel,
} from '../../runtime/core/world-model.ts';
import { ModelLoadError, ModelRunError } from '../contract/errors.ts';
import { displayPath } from '../contract/folder.ts';
import { HappyOysterError, OpenApiClient } from './api.ts';
import { HappyOysterSession } from './session.ts';
import { mintCredentials } from './credentials.ts';
import { budgetSec, readHappyOysterFolder, serviceModel, type HappyOysterSpec } from './spec.ts';

export interface HappyOysterLoadOptions extends ModelLoadOptions {
  /** where the key's variable is looked up (tests); default process.env */
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/** where the page loads the player SDK (runtime/http/app.ts serves it when it is installed) */
export const SDK_URL = '/vendor/happy-oyster/js-sdk.js';

interface World {
  id: string;
  firstFrame: string | null;
}

/**
 * A model folder whose `happyoyster` entry names a HappyOyster world (README "HappyOyster"). Loading checks
 * the key and the world; each session is one travel that a display page hosts with HappyOyster's web player.
 * Anything that keeps a travel from running (capacity, the network, an expired ticket, the page's player
 * failing) fails the model clearly, so the keeper runs the fallback world for that visit.
 */
export class HappyOysterWorldModel implements WorldModel {
  private session: HappyOysterSession | undefined;
  private failed: Error | undefined;
  private isClosed = false;
  private readonly listeners = new Set<(e: Error) => void>();
  private building: { since: number; status: string } | undefined;
  private next = 0;

  private constructor(
    readonly manifest: Manifest,
    readonly spec: HappyOysterSpec,
    readonly client: OpenApiClient,
    private dayWorld: World | undefined,
    private readonly log: Logger,
  ) {}

  static async load(dir: string, opts: HappyOysterLoadOptions = {}): Promise<HappyOysterWorldModel> {
    const folder = await readHappyOysterFolder(dir);
    const { spec } = folder;
    const where = displayPath(`${folder.dir}/manifest.json`);
    const key = (opts.env ?? process.env)[spec.keyEnv];
    if (!key)
      throw new ModelLoadError(where, [
        `the primary API key is not set: put it in the environment variable ${spec.keyEnv} (never in the file)`,
      ]);
    const log = opts.log ?? logger('model:happyoyster');
    const client = new OpenApiClient(spec, { key, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
    const manifest = { ...folder.manifest };
    if (spec.build?.firstFrame === 'snapshot') {
      manifest.init = {
        file: '(built by HappyOyster)',
        inputs: ['seed', 'image'],
        image: { width: folder.manifest.width, height: folder.manifest.height },
      };
    }
    const model = new HappyOysterWorldModel(manifest, spec, client, undefined, log);
    // the world for the day: the library's first (checked now, so a wrong id or key fails at load), or one built now
    if (spec.worlds.length) await model.library(0);
    else if (!spec.worldPerVisit) model.dayWorld = await model.build();
    log.info({ model: manifest.name, mode: spec.mode, service: client.root }, 'HappyOyster world ready');
    return model;
  }

  /** one travel: the world (the library's next, the day's, or a new build), its ticket and a token for the page */
  async openSession(opts: OpenSessionOptions = {}): Promise<ModelSession> {
    opts.abort?.throwIfAborted();
    if (this.failed) throw this.failed;
    if (this.isClosed) throw new ModelRunError('HappyOyster model closed', 'closed');
    await this.session?.close();
    this.session = undefined;
    try {
      const world = await this.worldFor(opts.image);
      const now = () => performance.now();
      const credentials = await mintCredentials(this.client, world.id, now);
      const spec = this.spec;
      const session: HappyOysterSession = new HappyOysterSession({
        spec,
        client: this.client,
        log: this.log,
        now,
        credentials,
        renew: () => mintCredentials(this.client, world.id, now),
        fail: (err) => {
          if (this.session === session) this.fail(err);
        },
        surface: {
          kind: 'happyoyster',
          id: randomUUID(),
          mode: spec.mode,
          apiHost: new URL(this.client.root).host,
          model: serviceModel(spec),
          token: credentials.token,
          ticket: credentials.ticket,
          budgetSec: budgetSec(spec),
          sdkUrl: SDK_URL,
          ...(spec.record ? { record: true } : {}),
          ...(spec.mode === 'adventure' ? { maxExperienceTimeSec: spec.maxExperienceTimeSec } : {}),
          ...(world.firstFrame ? { poster: world.firstFrame } : {}),
        },
      });
      this.session = session;
      this.log.info({ world: world.id }, 'HappyOyster travel ticket ready for the display');
      return session;
    } catch (err) {
      // a visit that cannot have its travel: the keeper runs the fallback world for it
      const e = err instanceof Error ? err : new Error(String(err));
      this.fail(e);
      throw e;
    }
  }

  onFailure(fn: (err: Error) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  describe(): BackendStatus {
    const building = this.building
      ? ` (building a world: ${this.building.status}, ${Math.round((performance.now() - this.building.since) / 1000)} s)`
      : '';
    const travel = this.session?.travelId;
    return {
      backend: 'happyoyster',
      where: `${this.client.root} ${serviceModel(this.spec)}${this.dayWorld ? ` world ${this.dayWorld.id}` : ''}${building}`,
      ...(travel ? { sequence: travel } : {}),
    };
  }

  crash(): void {
    this.fail(new ModelRunError('HappyOyster: crash requested', 'crashed'));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.session?.close();
  }

  private async worldFor(image: RgbImage | undefined): Promise<World> {
    if (image && this.spec.build?.firstFrame === 'snapshot') return this.build(image);
    if (this.spec.worldPerVisit) return this.build();
    if (this.spec.worlds.length) return this.library(this.next++ % this.spec.worlds.length);
    return (this.dayWorld ??= await this.build());
  }

  /** a pre-built world of the library, checked ready */
  private async library(i: number): Promise<World> {
    const id = this.spec.worlds[i]!;
    const st = await this.client.buildStatus(id);
    if (st.status !== 'ready')
      throw new HappyOysterError('GET /worlds/build-status', 403002, `library world ${id} is ${st.status}`);
    return { id, firstFrame: st.firstFrame };
  }

  /** a new world from the folder's prompt (and a picture), polled until ready */
  private async build(image?: RgbImage): Promise<World> {
    const b = this.spec.build;
    if (!b) throw new ModelRunError('HappyOyster: no "build" in the manifest', 'bad-state');
    const prompt = [b.scene, b.character && `Character: ${b.character}`, b.style && `Style: ${b.style}`]
      .filter(Boolean)
      .join('. ');
    const url = image ? jpegDataUrl(image) : b.firstFrameUrl;
    const id = await this.client.createWorld({
      prompt,
      ...(url ? { firstFrameImage: { url, referenceType: 'first_frame' } } : {}),
      ...(b.perspective ? { perspective: b.perspective } : {}),
    });
    const since = performance.now();
    this.building = { since, status: 'generating' };
    this.log.info({ world: id }, 'HappyOyster world building');
    try {
      for (;;) {
        if (this.isClosed) throw new ModelRunError('HappyOyster model closed while a world was building', 'closed');
        const st = await this.client.buildStatus(id);
        this.building.status = st.status;
        if (st.status === 'ready') {
          this.log.info(
            { world: id, seconds: Math.round((performance.now() - since) / 1000) },
            'HappyOyster world built',
          );
          return { id, firstFrame: st.firstFrame };
        }
        if (st.status === 'failed')
          throw new HappyOysterError('GET /worlds/build-status', 'http', `world ${id} failed to build`);
        if (performance.now() - since > this.spec.buildTimeoutSec * 1000) {
          throw new HappyOysterError(
            'GET /worlds/build-status',
            'timeout',
            `world ${id} not ready after ${this.spec.buildTimeoutSec} s`,
          );
        }
        this.log.info({ world: id, status: st.status }, 'HappyOyster world building');
        await new Promise((r) => setTimeout(r, this.spec.buildPollMs));
      }
    } finally {
      this.building = undefined;
    }
  }

  private fail(err: Error): void {
    if (this.failed || this.isClosed) return;
    this.failed = err;
    this.log.error({ err: err.message }, 'HappyOyster model failed');
    for (const fn of this.listeners) fn(err);
  }
}

/** a picture as a JPEG data: URL for firstFrameImage.url (whether the service takes data: URLs is not documented) */
function jpegDataUrl(image: RgbImage): string {
  const rgba = Buffer.alloc(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.width * image.height; i++, j += 3) {
    rgba[i * 4] = image.data[j]!;
    rgba[i * 4 + 1] = image.data[j + 1]!;
    rgba[i * 4 + 2] = image.data[j + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  const encoded = jpeg.encode({ data: rgba, width: image.width, height: image.height }, 85);
  return `data:image/jpeg;base64,${encoded.data.toString('base64')}`;
}
