/**
 * Scope's headless session (its mcp_router.py): POST /session/start, parameters by POST /session/parameters,
 * POST /session/stop at the end. Frames come as one JPEG per step here (GET /session/frame), or as its MPEG-TS
 * stream (mpegts.ts).
 */
import jpeg from 'jpeg-js';
import { ScopeHttpError, type ScopeParameters } from './client.ts';
import { BaseTransport, type RgbaFrame, type ScopeTransport, type TransportOptions } from './transport.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the session's start, parameters and stop, shared by both headless transports */
export abstract class HeadlessSessionBase extends BaseTransport {
  readonly sessionId = undefined;
  private sending: Promise<unknown> = Promise.resolve();

  protected constructor(protected readonly o: TransportOptions) {
    super();
  }

  protected start(): Promise<unknown> {
    return this.o.client.startHeadless(this.o.pipeline, this.o.initial.prompts, this.o.initial);
  }

  send(p: ScopeParameters): void {
    if (this.lostWith || this.closed) return;
    this.sending = this.sending
      .then(() => this.o.client.sendParameters(p))
      .catch((err: unknown) => this.lose(err as Error));
  }

  protected async teardown(): Promise<void> {
    await this.sending.catch(() => undefined);
    if (!this.lostWith) await this.o.client.stopHeadless().catch(() => undefined);
  }
}

/** one JPEG per step from GET /session/frame: Scope's newest frame, a round trip after the step asks */
export class HeadlessTransport extends HeadlessSessionBase implements ScopeTransport {
  readonly kind = 'headless';
  private seq = 0;

  static async connect(o: TransportOptions): Promise<HeadlessTransport> {
    const t = new HeadlessTransport(o);
    await t.start();
    // Scope answers 404 until its pipeline has made a first frame; a session that makes none is no session
    const deadline = performance.now() + (o.connectTimeoutMs ?? 15_000);
    for (;;) {
      try {
        await t.fetchFrame();
        return t;
      } catch (err) {
        if (!(err instanceof ScopeHttpError && err.status === 404) || performance.now() > deadline) throw err;
        await sleep(100);
      }
    }
  }

  private async fetchFrame(): Promise<RgbaFrame> {
    const bytes = await this.o.client.frameJpeg(90, this.o.frameTimeoutMs);
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: 50,
      maxMemoryUsageInMB: 512,
    });
    return { width: img.width, height: img.height, data: img.data, seq: ++this.seq };
  }

  async frame(): Promise<RgbaFrame> {
    if (this.lostWith) throw this.lostWith;
    if (this.closed) throw new Error('connection closed');
    try {
      return await this.fetchFrame();
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.lose(e);
      throw this.lostWith ?? e;
    }
  }
}
