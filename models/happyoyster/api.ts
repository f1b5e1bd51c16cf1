/**
 * HappyOyster's Open API (Alibaba Cloud Model Studio), called from the runtime with the primary key. Every
 * answer is HTTP 200 with {code, data, message}; code 0 is success. Errors carry the service's code and say
 * what it means for the kiosk (README "HappyOyster").
 */
import type { HappyOysterSpec } from './spec.ts';
import { serviceModel, serviceRoot } from './spec.ts';

const USER_AGENT = 'nacre-kiosk/0.1';

/** what the service's codes mean, in words an operator can act on */
const MEANING: Record<number, string> = {
  400000: 'bad parameters',
  400001: 'the first-frame image could not be fetched',
  401010: 'the travel ticket is invalid or expired',
  401011: 'the travel ticket was already used',
  403001: "the world does not exist, is not this account's, or belongs to another mode",
  403002: 'the world is not ready',
  403003: 'the primary API key is required',
  403004: 'refused by content safety',
  403005: 'refused: image copyright',
  403007: 'HappyOyster is not activated for this account',
  403008: 'no capacity now (try again later)',
  404000: 'no such travel',
  409000: "not possible in the travel's current state",
};

export class HappyOysterError extends Error {
  override readonly name = 'HappyOysterError';
  constructor(
    /** the endpoint, e.g. "POST /worlds/get-travel-credential" */
    readonly endpoint: string,
    /** the service's code, or 'network' / 'http' / 'timeout' when no envelope came back */
    readonly code: number | 'network' | 'http' | 'timeout',
    detail: string,
  ) {
    const meaning = typeof code === 'number' ? MEANING[code] : undefined;
    super(
      `HappyOyster ${endpoint}: ${typeof code === 'number' ? `${code} ` : ''}${meaning ? `${meaning}${detail && detail !== meaning ? ` (${detail})` : ''}` : detail}`,
    );
  }

  get contentSafety(): boolean {
    return this.code === 403004 || this.code === 403005;
  }

  get capacity(): boolean {
    return this.code === 403008;
  }

  get ticketExpired(): boolean {
    return this.code === 401010 || this.code === 401011;
  }
}

export type BuildStatus = 'generating' | 'ready' | 'failed' | (string & {});

export interface TravelStatus {
  encryptedTravelId: string;
  /** init, pending, running, paused, failed, completed */
  status: string;
  rtcStatus?: string | null;
  elapsedSec?: number;
}

export interface CreateWorld {
  prompt: string;
  firstFrameImage?: { url: string; referenceType?: string };
  perspective?: string;
}

export interface ClientOptions {
  /** the primary key */
  key: string;
  /** per request; default 10 s */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class OpenApiClient {
  readonly root: string;
  readonly base: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(
    readonly spec: HappyOysterSpec,
    private readonly opts: ClientOptions,
  ) {
    this.root = serviceRoot(spec);
    this.base = `${this.root}/api/v2/apps/${serviceModel(spec)}/openapi/v1`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.doFetch = opts.fetch ?? fetch;
  }

  /** POST /worlds: a world built from a prompt (async); its encryptedWorldId */
  async createWorld(req: CreateWorld): Promise<string> {
    const body: Record<string, unknown> = { async: true, prompt: req.prompt };
    if (req.firstFrameImage) body.firstFrameImage = req.firstFrameImage;
    if (this.spec.mode === 'adventure' && req.perspective) body.perspective = req.perspective;
    if (this.spec.mode === 'directing') body.creationModel = 'simple';
    const data = await this.call<{ encryptedWorldId: string }>('POST', '/worlds', body);
    return data.encryptedWorldId;
  }

  async buildStatus(encryptedWorldId: string): Promise<{ status: BuildStatus; firstFrame: string | null }> {
    const data = await this.call<{ status: BuildStatus; firstFrame?: string | null }>(
      'GET',
      `/worlds/build-status?encryptedWorldId=${encodeURIComponent(encryptedWorldId)}`,
    );
    return { status: data.status, firstFrame: data.firstFrame ?? null };
  }

  /** a single-use ticket for a ready world; checks ownership, status and quota, creates no travel */
  async travelCredential(encryptedWorldId: string): Promise<{ ticket: string; expiresIn: number }> {
    return this.call('POST', '/worlds/get-travel-credential', { encryptedWorldId });
  }

  /**
   * enter a travel with a ticket. The page's player does this itself when it starts (the ticket is single
   * use), so the kiosk does not call it; here for tools and tests.
   */
  async enterTravel(ticket: string, maxExperienceTimeSec?: number): Promise<{ encryptedTravelId: string }> {
    const body: Record<string, unknown> = { ticket };
    if (this.spec.mode === 'adventure' && maxExperienceTimeSec) body.maxExperienceTimeSec = maxExperienceTimeSec;
    return this.call('POST', '/travels/enter-travel', body);
  }

  /** the travel's state; `clientStreamStatus` is the page's heartbeat (PLAYING, BUFFERING, ...) */
  async travelStatus(encryptedTravelId: string, clientStreamStatus?: string): Promise<TravelStatus> {
    const q = new URLSearchParams({ encryptedTravelId });
    if (clientStreamStatus) {
      q.set('clientStreamStatus', clientStreamStatus);
      q.set('clientStreamStatusTimeMs', String(Date.now()));
    }
    return this.call('GET', `/travels/status?${q.toString()}`);
  }

  /** a text instruction (<= 2000 characters); clientRequestId makes a retry count once */
  async instruct(encryptedTravelId: string, content: string, clientRequestId: string): Promise<{ accepted: boolean }> {
    const data = await this.call<{ accepted?: boolean } | null>('POST', '/travels/instruct', {
      encryptedTravelId,
      content,
      clientRequestId,
      userAgent: USER_AGENT,
    });
    return { accepted: data?.accepted ?? true };
  }

  async pause(encryptedTravelId: string): Promise<void> {
    await this.call('POST', '/travels/pause', { encryptedTravelId, userAgent: USER_AGENT });
  }

  async resume(encryptedTravelId: string): Promise<void> {
    await this.call('POST', '/travels/resume', { encryptedTravelId, userAgent: USER_AGENT });
  }

  /** rewinds to a time in the travel's video (the service lands on a multiple of 4 s); only while paused */
  async rewind(encryptedTravelId: string, rewindToSec: number): Promise<{ resumedAtSec: number }> {
    const data = await this.call<{ resumedAtSec?: number }>('POST', '/travels/rewind', {
      encryptedTravelId,
      rewindToSec,
      userAgent: USER_AGENT,
    });
    return { resumedAtSec: data.resumedAtSec ?? rewindToSec };
  }

  async end(encryptedTravelId: string, noStream = false): Promise<void> {
    await this.call('POST', '/travels/end', {
      encryptedTravelId,
      userAgent: USER_AGENT,
      ...(noStream ? { failCode: 'TRAVEL_NO_STREAM_AUTO_END' } : {}),
    });
  }

  /** a temporary API key (st-...) for the page's player: Model Studio's /api/v1/tokens, at most 1800 s */
  async temporaryKey(ttlSec = 1800): Promise<{ token: string; expiresAt: number }> {
    const endpoint = 'POST /api/v1/tokens';
    const res = await this.fetchJson(
      endpoint,
      `${this.root}/api/v1/tokens?expire_in_seconds=${Math.min(1800, Math.max(1, Math.round(ttlSec)))}`,
      'POST',
    );
    const body = res as { token?: string; expires_at?: number; code?: string; message?: string };
    if (typeof body.token !== 'string')
      throw new HappyOysterError(
        endpoint,
        'http',
        `${body.code ?? 'no token'}: ${body.message ?? 'unexpected answer'}`,
      );
    return { token: body.token, expiresAt: body.expires_at ?? 0 };
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const endpoint = `${method} ${path.split('?')[0]}`;
    const env = (await this.fetchJson(endpoint, `${this.base}${path}`, method, body)) as {
      code?: unknown;
      data?: unknown;
      message?: unknown;
    };
    if (typeof env?.code !== 'number')
      throw new HappyOysterError(endpoint, 'http', 'the answer is not the {code, data, message} envelope');
    if (env.code !== 0)
      throw new HappyOysterError(endpoint, env.code, typeof env.message === 'string' ? env.message : '');
    return env.data as T;
  }

  private async fetchJson(endpoint: string, url: string, method: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.key}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError')
        throw new HappyOysterError(endpoint, 'timeout', `no answer in ${this.timeoutMs} ms`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new HappyOysterError(
        endpoint,
        'network',
        `the service cannot be reached (${cause?.code ?? cause?.message ?? e.message})`,
      );
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      // gateway failures (auth, throttling) come without the envelope
      const p = parsed as { code?: unknown; message?: unknown } | undefined;
      throw new HappyOysterError(
        endpoint,
        'http',
        `HTTP ${res.status}${p?.message ? `: ${String(p.message)}` : ''}${res.status === 401 ? ' (check the primary key)' : ''}`,
      );
    }
    if (parsed === undefined) throw new HappyOysterError(endpoint, 'http', 'the answer is not JSON');
    return parsed;
  }
}
