// @ts-check
// A stand-in for HappyOyster's web SDK (@happy-oyster/js-sdk), for tests only: the surface of its published
// types that Nacre's display page uses (HappyOysterEngine: updateToken, createTravel; Travel: start, on,
// onError, can, sendCommand, end), working against the Open API stand-in (../stand-in.ts). Where the real
// SDK joins an RTC channel, this one plays a canvas stream on the video element whose colour shows the last
// held command (translation Front: green, anything else held: blue, released: grey), and reports held
// commands to the stand-in's test-only endpoint so a test can see them arrive. It is not the SDK.

const COLOURS = { released: '#808080', front: '#00c000', other: '#0000c0' };

export class HappyOysterEngine {
  /** @param {{ APIHost: string, model: string, logLevel?: string }} config */
  constructor(config) {
    if (!config.APIHost) throw Object.assign(new Error('APIHost is required'), { code: 'INVALID_CONFIG' });
    this.base = `${location.protocol}//${config.APIHost}`;
    this.model = config.model;
    this.token = '';
  }

  /** @param {string} token */
  updateToken(token) {
    this.token = token;
  }

  /** @param {{ ticket: string, videoElement: HTMLVideoElement, maxExperienceTimeSec?: number }} config */
  createTravel(config) {
    return new StandInTravel(this, config);
  }
}

class StandInTravel {
  /**
   * @param {HappyOysterEngine} engine
   * @param {{ ticket: string, videoElement: HTMLVideoElement, maxExperienceTimeSec?: number }} config
   */
  constructor(engine, config) {
    this.engine = engine;
    this.config = config;
    /** @type {string} */
    this.status = 'idle';
    /** @type {string | null} */
    this.travelId = null;
    /** @type {Map<string, Set<(v: unknown) => void>>} */
    this.handlers = new Map();
    this.canvas = document.createElement('canvas');
    this.canvas.width = 320;
    this.canvas.height = 180;
    this.colour = COLOURS.released;
    this.painter = 0;
  }

  /** @param {string} event @param {(v: any) => void} fn */
  on(event, fn) {
    const set = this.handlers.get(event) ?? new Set();
    set.add(fn);
    this.handlers.set(event, set);
    return () => set.delete(fn);
  }

  /** @param {(err: unknown) => void} fn */
  onError(fn) {
    return this.on('error', fn);
  }

  /** @param {string} action */
  can(action) {
    if (action === 'start') return this.status === 'idle';
    if (action === 'end') return this.status !== 'completed';
    return this.status === 'running';
  }

  async start() {
    this.setStatus('prepare');
    const body = { ticket: this.config.ticket, maxExperienceTimeSec: this.config.maxExperienceTimeSec };
    const data = await this.call('/travels/enter-travel', body);
    this.travelId = /** @type {{ encryptedTravelId: string }} */ (data).encryptedTravelId;
    this.play();
    this.setStatus('running');
    this.poll = setInterval(() => void this.follow(), 200);
    return {
      encryptedTravelId: this.travelId,
      mode: 1,
      creationModel: 'simple',
      firstFrame: null,
      maxExperienceTimeSec: this.config.maxExperienceTimeSec ?? null,
    };
  }

  /** @param {{ translation?: string, rotation?: string, interaction?: string }} c */
  async sendCommand(c) {
    if (!this.can('sendCommand')) throw Object.assign(new Error('travel is not running'), { code: 'INVALID_STATE' });
    const held = c.translation !== 'None' || c.rotation !== 'None' || c.interaction !== 'None';
    this.colour = !held ? COLOURS.released : c.translation === 'Front' ? COLOURS.front : COLOURS.other;
    const res = await fetch(`${this.engine.base}/standin/travels/${this.travelId}/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(c),
    });
    if (!res.ok) throw new Error(`command refused: ${res.status}`);
  }

  async end() {
    clearInterval(this.poll);
    cancelAnimationFrame(this.painter);
    if (this.travelId && this.status !== 'completed')
      await this.call('/travels/end', { encryptedTravelId: this.travelId, userAgent: 'stand-in' }).catch(
        () => undefined,
      );
    this.setStatus('completed');
  }

  play() {
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    const paint = () => {
      ctx.fillStyle = this.colour;
      ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
      this.painter = requestAnimationFrame(paint);
    };
    paint();
    this.config.videoElement.srcObject = this.canvas.captureStream(15);
    this.config.videoElement.muted = true;
    void this.config.videoElement.play().catch(() => undefined);
  }

  /** the service's travel status, as the SDK follows it */
  async follow() {
    if (!this.travelId) return;
    const url = `/travels/status?encryptedTravelId=${encodeURIComponent(this.travelId)}`;
    const data = /** @type {{ status: string }} */ (await this.call(url).catch(() => ({ status: this.status })));
    if (data.status === 'paused' || data.status === 'running' || data.status === 'completed')
      this.setStatus(data.status);
    if (data.status === 'completed') clearInterval(this.poll);
  }

  /** @param {string} path @param {unknown} [body] */
  async call(path, body) {
    const res = await fetch(`${this.engine.base}/api/v2/apps/${this.engine.model}/openapi/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${this.engine.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const env = await res.json();
    if (env.code !== 0) throw Object.assign(new Error(env.message ?? `HTTP ${res.status}`), { code: env.code });
    return env.data;
  }

  /** @param {string} s */
  setStatus(s) {
    if (s === this.status) return;
    this.status = s;
    for (const fn of this.handlers.get('statusChanged') ?? []) fn(s);
  }
}
