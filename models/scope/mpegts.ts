/**
 * Scope's headless session with its frames as one MPEG-TS stream (GET /api/v1/session/output.ts, H.264):
 * Node reads the response and pipes it into ffmpeg (ts-decoder.ts), which gives RGBA frames of the manifest's
 * size. Only the newest frame is kept. Every frame Scope makes arrives, once, but late: Scope encodes the
 * stream with x264's default lookahead, about 40 frames behind its newest (see the README).
 */
import { HeadlessSessionBase } from './headless.ts';
import { TsDecoder } from './ts-decoder.ts';
import { withTimeout, type RgbaFrame, type ScopeTransport, type TransportOptions } from './transport.ts';

export class MpegTsTransport extends HeadlessSessionBase implements ScopeTransport {
  readonly kind = 'mpegts';
  private latest: RgbaFrame | undefined;
  private seq = 0;
  private decoder: TsDecoder | undefined;
  private readonly abort = new AbortController();
  private watchdog: NodeJS.Timeout | undefined;

  /** the session, the stream, then the first decoded frame (after Scope's encoder delay) */
  static async connect(o: TransportOptions, ffmpeg?: string): Promise<MpegTsTransport> {
    const t = new MpegTsTransport(o);
    try {
      await withTimeout(t.open(ffmpeg), o.connectTimeoutMs ?? 15_000, 'MPEG-TS connect');
      return t;
    } catch (err) {
      await t.close();
      throw t.lostWith ?? err;
    }
  }

  private async open(ffmpeg: string | undefined): Promise<void> {
    await this.start();
    const res = await this.o.client.outputTs(this.abort.signal);
    if (!res.body) throw new Error('GET /api/v1/session/output.ts: Scope sent no body');
    // the connect may have timed out and closed this meanwhile: start no ffmpeg that nobody would stop
    if (this.closed || this.lostWith) throw this.lostWith ?? new Error('connection closed');
    const firstFrame = new Promise<void>((resolve, reject) => {
      this.waiters.push({ after: 0, resolve: () => resolve(), reject });
    });
    this.decoder = new TsDecoder({
      width: this.o.width,
      height: this.o.height,
      onFrame: (rgba) => this.arrived(rgba),
      onError: (err) => this.lose(err),
      ...(ffmpeg ? { ffmpeg } : {}),
    });
    void this.pump(res.body.getReader(), this.decoder);
    await firstFrame;
    this.watchdog = setInterval(() => {
      const quiet = this.quietMs();
      if (quiet <= this.o.frameTimeoutMs) return;
      const said = this.decoder?.lastWords();
      this.lose(new Error(`no MPEG-TS frame for ${Math.round(quiet)} ms${said ? ` (ffmpeg: ${said})` : ''}`));
    }, 100);
    this.watchdog.unref();
  }

  /** the response's bytes into ffmpeg until it ends, breaks off or we close */
  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>, decoder: TsDecoder): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return this.lose(new Error('Scope ended the MPEG-TS stream'));
        await decoder.write(value);
      }
    } catch (err) {
      if (this.closed || this.lostWith) return;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      this.lose(
        new Error(`the MPEG-TS stream from Scope broke off (${e.cause?.code ?? e.cause?.message ?? e.message})`),
      );
    }
  }

  private arrived(rgba: Uint8Array): void {
    if (this.closed || this.lostWith) return;
    this.lastFrameAt = performance.now();
    this.latest = { width: this.o.width, height: this.o.height, data: rgba, seq: ++this.seq };
    for (const w of this.waiters.splice(0)) w.resolve(this.latest);
  }

  frame(after: number, waitMs?: number): Promise<RgbaFrame | undefined> {
    return this.nextFrame(after, waitMs, () => (this.latest && this.latest.seq > after ? this.latest : undefined));
  }

  protected override async teardown(): Promise<void> {
    clearInterval(this.watchdog);
    this.abort.abort();
    this.decoder?.stop();
    await super.teardown();
  }
}
