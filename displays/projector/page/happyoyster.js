// @ts-check
// HappyOyster's web player on a display page: the runtime hands over a travel (a single-use ticket and a
// short-lived token, never the primary key); this module loads the SDK the kiosk installed, binds it to the
// <video>, sends Adventure's held command as the SDK expects (re-sent every 300 ms while held, released on
// blur) and reports joined / failed / ended / blur back. Loaded only when the runtime asks the page to host.
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageSurface} PageSurface */
/** @typedef {import('../../../runtime/core/display-protocol.ts').SurfaceCommand} SurfaceCommand */
/** @typedef {import('../../../runtime/core/display-protocol.ts').SurfaceReport} SurfaceReport */
/** @typedef {{ translation?: string, rotation?: string, interaction?: string }} AdventureCommand */
/**
 * The part of the SDK's Travel this page uses (its published types: createTravel, start, on, onError, can, sendCommand, end).
 * @typedef {{
 *   start(): Promise<{ encryptedTravelId: string }>,
 *   on(event: 'statusChanged', fn: (status: string) => void): () => void,
 *   onError(fn: (err: unknown) => void): () => void,
 *   can(action: string): boolean,
 *   sendCommand(c: AdventureCommand): Promise<void>,
 *   end(): Promise<void>,
 * }} Travel
 */
/** @typedef {{ updateToken(token: string): void, createTravel(c: { ticket: string, videoElement: HTMLVideoElement, maxExperienceTimeSec?: number }): Travel }} Engine */
/** @typedef {{ HappyOysterEngine: new (c: { APIHost: string, model: string, logLevel: string }) => Engine }} Sdk */

const RESEND_MS = 300;
/** @type {SurfaceCommand} */
const RELEASED = { translation: 'None', rotation: 'None', interaction: 'None' };
const held = (/** @type {SurfaceCommand} */ c) =>
  c.translation !== 'None' || c.rotation !== 'None' || c.interaction !== 'None';

export class HappyOysterPlayer {
  /**
   * @param {HTMLVideoElement} video
   * @param {HTMLElement} timeLeft
   * @param {(r: SurfaceReport) => void} report
   */
  constructor(video, timeLeft, report) {
    this.video = video;
    this.timeLeft = timeLeft;
    this.report = report;
    /** @type {PageSurface | null} */
    this.surface = null;
    /** @type {Promise<Engine | null> | null} */
    this.engine = null;
    /** @type {Travel | null} */
    this.travel = null;
    this.running = false;
    /** @type {SurfaceCommand} */
    this.holding = RELEASED;
    /** @type {'idle' | 'loading' | 'ready' | 'starting' | 'joined' | 'ended' | 'failed'} */
    this.state = 'idle';
    /** @type {number | undefined} */
    this.endsAt = undefined;
    /** @type {number | undefined} ms left when the travel was paused */
    this.heldLeft = undefined;
    this.resend = setInterval(() => this.send(), RESEND_MS);
    this.clock = setInterval(() => this.tick(), 250);
  }

  /**
   * take a travel to host; the SDK loads now, the travel starts when the visit does (begin)
   * @param {PageSurface} surface
   */
  host(surface) {
    void this.stop();
    this.surface = surface;
    this.video.poster = surface.poster ?? '';
    this.setState('loading');
    this.engine = this.load(surface);
  }

  /**
   * @param {PageSurface} surface
   * @returns {Promise<Engine | null>}
   */
  async load(surface) {
    /** @type {Sdk} */
    let sdk;
    try {
      sdk = /** @type {Sdk} */ (await import(surface.sdkUrl));
    } catch (err) {
      this.fail(
        surface,
        `the HappyOyster web SDK cannot be loaded from ${surface.sdkUrl} (is @happy-oyster/js-sdk installed on the kiosk?): ${String(err)}`,
      );
      return null;
    }
    try {
      const engine = new sdk.HappyOysterEngine({ APIHost: surface.apiHost, model: surface.model, logLevel: 'warn' });
      engine.updateToken(surface.token);
      if (this.surface === surface) this.setState('ready');
      return engine;
    } catch (err) {
      this.fail(surface, errorText(err), errorCode(err));
      return null;
    }
  }

  /** the visit began: enter the travel (the SDK calls enter-travel with the ticket and joins the RTC channel) */
  async begin() {
    const surface = this.surface;
    if (!surface || !this.engine || this.travel || this.state === 'failed' || this.state === 'ended') return;
    const engine = await this.engine;
    if (!engine || this.surface !== surface || this.travel) return;
    this.setState('starting');
    this.report({ id: surface.id, event: 'starting' });
    try {
      const travel = engine.createTravel({
        ticket: surface.ticket,
        videoElement: this.video,
        ...(surface.maxExperienceTimeSec ? { maxExperienceTimeSec: surface.maxExperienceTimeSec } : {}),
      });
      this.travel = travel;
      travel.on('statusChanged', (status) => {
        this.running = status === 'running';
        if (this.surface !== surface) return;
        if (status === 'running') this.report({ id: surface.id, event: 'stream', status: 'PLAYING' });
        if (status === 'paused') this.report({ id: surface.id, event: 'stream', status: 'PAUSED' });
        this.holdClock(status === 'paused');
        if (status === 'completed') this.finished(surface);
      });
      travel.onError((err) => this.fail(surface, errorText(err), errorCode(err)));
      const started = await travel.start();
      if (this.surface !== surface) return;
      this.running = true;
      this.endsAt = Date.now() + surface.budgetSec * 1000;
      this.setState('joined');
      this.video.hidden = false;
      this.report({ id: surface.id, event: 'joined', travelId: started.encryptedTravelId });
    } catch (err) {
      this.fail(surface, errorText(err), errorCode(err));
    }
  }

  /** @param {SurfaceCommand} c the runtime's held command */
  command(c) {
    this.holding = c;
    this.send();
  }

  /** the page lost focus: release every axis now (the SDK expects it) and say so */
  blur() {
    const was = held(this.holding);
    this.holding = RELEASED;
    if (was) void this.sendNow(RELEASED);
    if (this.surface) this.report({ id: this.surface.id, event: 'blur' });
  }

  /** the runtime hosts nothing here any more: release, end the travel, show the canvas again */
  async stop() {
    const travel = this.travel;
    if (travel && held(this.holding)) await this.sendNow(RELEASED);
    this.travel = null;
    this.surface = null;
    this.running = false;
    this.holding = RELEASED;
    this.endsAt = undefined;
    this.heldLeft = undefined;
    this.video.hidden = true;
    this.setState('idle');
    await travel?.end().catch(() => undefined);
  }

  send() {
    if (held(this.holding)) void this.sendNow(this.holding);
  }

  /** @param {SurfaceCommand} c */
  async sendNow(c) {
    const travel = this.travel;
    if (!travel || !this.running || !travel.can('sendCommand')) return;
    await travel
      .sendCommand({ translation: c.translation, rotation: c.rotation, interaction: c.interaction })
      .catch(() => undefined);
  }

  /** a paused travel's time does not run out: the countdown stops with it @param {boolean} paused */
  holdClock(paused) {
    if (paused && this.endsAt !== undefined) {
      this.heldLeft = Math.max(0, this.endsAt - Date.now());
      this.endsAt = undefined;
    } else if (!paused && this.heldLeft !== undefined) {
      this.endsAt = Date.now() + this.heldLeft;
      this.heldLeft = undefined;
    }
  }

  tick() {
    const ms = this.endsAt !== undefined ? this.endsAt - Date.now() : this.heldLeft;
    const left = ms === undefined ? undefined : Math.max(0, Math.ceil(ms / 1000));
    this.timeLeft.hidden = left === undefined;
    if (left !== undefined)
      this.timeLeft.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  }

  /** @param {PageSurface} surface */
  finished(surface) {
    this.running = false;
    this.endsAt = undefined;
    this.heldLeft = undefined;
    this.setState('ended');
    this.report({ id: surface.id, event: 'ended' });
  }

  /**
   * @param {PageSurface} surface
   * @param {string} message
   * @param {number | string} [code]
   */
  fail(surface, message, code) {
    if (this.surface !== surface || this.state === 'failed') return;
    this.running = false;
    this.endsAt = undefined;
    this.heldLeft = undefined;
    this.video.hidden = true;
    this.setState('failed');
    this.report({ id: surface.id, event: 'failed', message, ...(code !== undefined ? { code } : {}) });
  }

  /** @param {HappyOysterPlayer['state']} s */
  setState(s) {
    this.state = s;
    document.body.dataset.surface = s;
  }
}

/** @param {unknown} err */
function errorText(err) {
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

/** @param {unknown} err @returns {number | string | undefined} */
function errorCode(err) {
  if (err && typeof err === 'object' && 'code' in err && (typeof err.code === 'number' || typeof err.code === 'string'))
    return err.code;
  return undefined;
}
