/**
 * How frames come back from Scope and parameters go to it: WebRTC here (a `parameters` data channel and a
 * video track, decoded by libwebrtc), or Scope's headless session endpoints (headless.ts: a JPEG per step;
 * mpegts.ts: its MPEG-TS stream decoded by ffmpeg). All keep only the newest frame: nothing queues while the
 * loop is slower than Scope.
 */
import type { ScopeClient, ScopeParameters } from './client.ts';
import { patchAnswerSdp } from './sdp.ts';
import {
  i420ToRgba,
  wrtc,
  type I420Frame,
  type WrtcDataChannel,
  type WrtcPeerConnection,
  type WrtcVideoSink,
} from './wrtc.ts';

export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8Array;
  /** 1, 2, ... in the order the frames arrived */
  seq: number;
}

export type TransportKind = 'webrtc' | 'headless' | 'mpegts';

export interface ScopeTransport {
  readonly kind: TransportKind;
  /** Scope's session id (WebRTC) */
  readonly sessionId: string | undefined;
  /** parameters to Scope, in order; never blocks */
  send(p: ScopeParameters): void;
  /** Scope's `paused`: while paused Scope makes no new frame, so going quiet is no loss */
  hold(paused: boolean): void;
  /**
   * the newest frame after `seq`, waiting for one up to `waitMs` (then undefined: Scope is between frames);
   * rejects once the connection is lost
   */
  frame(after: number, waitMs?: number): Promise<RgbaFrame | undefined>;
  /** told once, when the connection is lost (not when closed) */
  onLost(fn: (err: Error) => void): void;
  /** drops the connection as a loss would (crash()) */
  kill(reason: string): void;
  close(): Promise<void>;
}

export interface TransportOptions {
  client: ScopeClient;
  pipeline: string;
  initial: ScopeParameters;
  /** no frame for this long: lost */
  frameTimeoutMs: number;
  /** the manifest's frame size (the MPEG-TS decoder scales to it) */
  width: number;
  height: number;
  /** the whole connect (offer, ICE, DTLS, first frame) */
  connectTimeoutMs?: number;
}

export abstract class BaseTransport {
  protected lostWith: Error | undefined;
  protected closed = false;
  protected lastFrameAt = 0;
  private paused = false;
  private lostFns: ((err: Error) => void)[] = [];
  protected waiters: { after: number; resolve: (f: RgbaFrame) => void; reject: (e: Error) => void }[] = [];

  onLost(fn: (err: Error) => void): void {
    this.lostFns.push(fn);
  }

  protected lose(err: Error): void {
    if (this.lostWith || this.closed) return;
    this.lostWith = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
    for (const fn of this.lostFns) fn(err);
    void this.teardown();
  }

  kill(reason: string): void {
    this.lose(new Error(reason));
  }

  abstract send(p: ScopeParameters): void;

  hold(paused: boolean): void {
    if (!paused && this.paused) this.lastFrameAt = performance.now(); // the quiet is counted from the resume
    this.paused = paused;
    this.send({ paused });
  }

  /** ms since the last frame; 0 while Scope is paused */
  protected quietMs(): number {
    return this.paused ? 0 : performance.now() - this.lastFrameAt;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed'));
    await this.teardown();
  }

  /** `fresh()` (a frame newer than `after`, if there is one), else the next to arrive, waiting up to waitMs */
  protected nextFrame(
    after: number,
    waitMs: number | undefined,
    fresh: () => RgbaFrame | undefined,
  ): Promise<RgbaFrame | undefined> {
    if (this.lostWith) return Promise.reject(this.lostWith);
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const f = fresh();
    if (f) return Promise.resolve(f);
    return new Promise((resolve, reject) => {
      const w = { after, resolve, reject };
      this.waiters.push(w);
      if (waitMs === undefined) return;
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        resolve(undefined);
      }, waitMs).unref();
    });
  }

  protected abstract teardown(): Promise<void>;
}

export const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e as Error)),
    );
  });

export class WebRtcTransport extends BaseTransport implements ScopeTransport {
  readonly kind = 'webrtc';
  sessionId: string | undefined;
  private latest: { frame: I420Frame; seq: number } | undefined;
  private seq = 0;
  private sink: WrtcVideoSink | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pc: WrtcPeerConnection,
    private readonly dc: WrtcDataChannel,
    private readonly o: TransportOptions,
  ) {
    super();
  }

  /** offer (data channel "parameters" + a recvonly video transceiver), Scope's answer, then the first frame */
  static async connect(o: TransportOptions): Promise<WebRtcTransport> {
    const { RTCPeerConnection } = wrtc();
    const pc = new RTCPeerConnection({ iceServers: [] });
    const dc = pc.createDataChannel('parameters', { ordered: true });
    const t = new WebRtcTransport(pc, dc, o);
    try {
      await withTimeout(t.open(), o.connectTimeoutMs ?? 15_000, 'WebRTC connect');
      return t;
    } catch (err) {
      await t.close();
      throw err;
    }
  }

  private async open(): Promise<void> {
    const { pc, dc } = this;
    const firstFrame = new Promise<void>((resolve, reject) => {
      this.waiters.push({ after: 0, resolve: () => resolve(), reject });
    });
    const channelOpen = new Promise<void>((resolve, reject) => {
      dc.onopen = () => resolve();
      dc.onclose = () =>
        this.lostWith || this.closed ? undefined : reject(new Error('the parameters data channel closed'));
    });
    pc.ontrack = (e) => {
      if (e.track.kind !== 'video' || this.sink) return;
      this.sink = new (wrtc().nonstandard.RTCVideoSink)(e.track);
      this.sink.onframe = ({ frame }) => this.arrived(frame);
    };
    pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    // all candidates in the offer (no trickle): on a LAN or loopback gathering takes milliseconds
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      const t = setTimeout(resolve, 2000);
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState !== 'complete') return;
        clearTimeout(t);
        resolve();
      };
    });
    const local = pc.localDescription!;
    const answer = await this.o.client.offer(local.sdp, local.type, this.o.initial);
    this.sessionId = answer.sessionId;
    await pc.setRemoteDescription({ type: answer.type, sdp: patchAnswerSdp(answer.sdp) });
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed')
        this.lose(new Error(`WebRTC connection ${pc.connectionState}`));
    };
    await Promise.all([channelOpen, firstFrame]);
    dc.onclose = () => this.lose(new Error('Scope closed the parameters data channel'));
    dc.onmessage = (e) => this.message(e.data);
    this.watchdog = setInterval(() => {
      const quiet = this.quietMs();
      if (quiet > this.o.frameTimeoutMs) this.lose(new Error(`no video frame for ${Math.round(quiet)} ms`));
    }, 100);
    this.watchdog.unref();
  }

  private arrived(frame: I420Frame): void {
    if (this.closed || this.lostWith) return;
    this.lastFrameAt = performance.now();
    // the binding may reuse the buffer for the next frame: keep a copy of the newest only
    this.latest = {
      frame: { width: frame.width, height: frame.height, data: new Uint8Array(frame.data) },
      seq: ++this.seq,
    };
    if (this.waiters.length) {
      const rgba = this.rgba();
      for (const w of this.waiters.splice(0)) w.resolve(rgba);
    }
  }

  private rgba(): RgbaFrame {
    const l = this.latest!;
    return { width: l.frame.width, height: l.frame.height, data: i420ToRgba(l.frame), seq: l.seq };
  }

  private message(data: unknown): void {
    try {
      const m = JSON.parse(String(data)) as { type?: string; error_message?: string };
      if (m.type === 'stream_stopped')
        this.lose(new Error(`Scope stopped the stream${m.error_message ? `: ${m.error_message}` : ''}`));
    } catch {
      // notifications that are not JSON mean nothing to us
    }
  }

  send(p: ScopeParameters): void {
    if (this.lostWith || this.closed) return;
    if (this.dc.readyState !== 'open')
      return this.lose(new Error(`the parameters data channel is ${this.dc.readyState}`));
    this.dc.send(JSON.stringify(p));
  }

  frame(after: number, waitMs?: number): Promise<RgbaFrame | undefined> {
    return this.nextFrame(after, waitMs, () => (this.latest && this.latest.seq > after ? this.rgba() : undefined));
  }

  protected async teardown(): Promise<void> {
    clearInterval(this.watchdog);
    this.sink?.stop();
    this.sink = undefined;
    this.dc.onclose = null;
    this.pc.onconnectionstatechange = null;
    try {
      this.dc.close();
      this.pc.close();
    } catch {
      // already closed
    }
    if (this.sessionId && !this.lostWith) await this.o.client.closeOffer(this.sessionId).catch(() => undefined);
  }
}
