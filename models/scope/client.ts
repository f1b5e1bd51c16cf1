/**
 * Scope's HTTP API (daydreamlive/scope src/scope/server/app.py, mcp_router.py), the calls this backend makes.
 * Every failure becomes an Error whose message says what Scope answered, or that it could not be reached.
 */

export type PipelineState = 'not_loaded' | 'loading' | 'loaded' | 'error';

/** GET /api/v1/pipeline/status (PipelineStatusResponse) */
export interface PipelineStatus {
  status: PipelineState;
  pipeline_id?: string | null;
  load_params?: Record<string, unknown> | null;
  error?: string | null;
  loading_stage?: string | null;
}

export interface PromptItem {
  text: string;
  weight: number;
}

/** the parameters this backend sends (Scope's `Parameters`, which also allows extra keys such as ctrl_input) */
export interface ScopeParameters {
  prompts?: PromptItem[];
  transition?: { target_prompts: PromptItem[]; num_steps: number; temporal_interpolation_method: 'linear' | 'slerp' };
  ctrl_input?: { button: string[]; mouse: [number, number] };
  reset_cache?: boolean;
  paused?: boolean;
}

/** POST /api/v1/webrtc/offer answer (WebRTCOfferResponse) */
export interface OfferAnswer {
  sdp: string;
  type: string;
  sessionId: string;
}

export class ScopeHttpError extends Error {
  override readonly name = 'ScopeHttpError';
  constructor(
    message: string,
    /** the HTTP status, or 0 where Scope could not be reached */
    readonly status: number,
  ) {
    super(message);
  }
}

/** FastAPI's {detail}: a string, or the validation errors' messages */
function detailOf(body: unknown): string | undefined {
  const d = (body as { detail?: unknown } | null)?.detail;
  if (typeof d === 'string') return d;
  if (Array.isArray(d))
    return d
      .map((e) => `${((e as { loc?: unknown[] }).loc ?? []).join('.')}: ${(e as { msg?: string }).msg ?? '?'}`)
      .join('; ');
  return undefined;
}

function reachProblem(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

export class ScopeClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async request<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    const res = await this.raw(method, path, body, timeoutMs);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** the response of a call that answered 2xx; else a ScopeHttpError with Scope's detail */
  async raw(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = this.timeoutMs,
    signal: AbortSignal = AbortSignal.timeout(timeoutMs),
  ): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        signal,
        ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ScopeHttpError(`${method} ${path}: cannot reach Scope (${reachProblem(err)})`, 0);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let detail: string | undefined;
      try {
        detail = detailOf(JSON.parse(text));
      } catch {
        detail = text.slice(0, 200) || undefined;
      }
      throw new ScopeHttpError(
        `${method} ${path} refused (HTTP ${res.status})${detail ? `: ${detail}` : ''}`,
        res.status,
      );
    }
    return res;
  }

  pipelineStatus(): Promise<PipelineStatus> {
    return this.request('GET', '/api/v1/pipeline/status');
  }

  /** starts a load in the background (Scope answers at once; the status says when it is done) */
  loadPipeline(pipeline: string, loadParams: Record<string, unknown> | undefined): Promise<unknown> {
    return this.request('POST', '/api/v1/pipeline/load', {
      pipeline_ids: [pipeline],
      ...(loadParams ? { load_params: loadParams } : {}),
    });
  }

  offer(sdp: string, type: string, initialParameters: ScopeParameters): Promise<OfferAnswer> {
    return this.request(
      'POST',
      '/api/v1/webrtc/offer',
      { sdp, type, initialParameters },
      Math.max(this.timeoutMs, 10_000),
    );
  }

  closeOffer(sessionId: string): Promise<void> {
    return this.request('DELETE', `/api/v1/webrtc/offer/${encodeURIComponent(sessionId)}`, undefined, 1000);
  }

  /** headless: POST /api/v1/session/start (StartStreamRequest) */
  startHeadless(pipeline: string, prompts: PromptItem[] | undefined, parameters: ScopeParameters): Promise<unknown> {
    return this.request('POST', '/api/v1/session/start', {
      pipeline_id: pipeline,
      input_mode: 'text',
      ...(prompts ? { prompts } : {}),
      parameters,
    });
  }

  sendParameters(p: ScopeParameters): Promise<unknown> {
    return this.request('POST', '/api/v1/session/parameters', p);
  }

  /** headless: the current output frame as one JPEG */
  async frameJpeg(quality: number, timeoutMs: number): Promise<Uint8Array> {
    const res = await this.raw('GET', `/api/v1/session/frame?quality=${quality}`, undefined, timeoutMs);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** headless: the session's frames as one endless MPEG-TS response (H.264), read until `signal` aborts */
  outputTs(signal: AbortSignal): Promise<Response> {
    return this.raw('GET', '/api/v1/session/output.ts', undefined, 0, signal);
  }

  stopHeadless(): Promise<unknown> {
    return this.request('POST', '/api/v1/session/stop', undefined, 1000);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes sure Scope has `pipeline` loaded (with `loadParams` where given): a pipeline already loaded so is
 * kept (a kiosk reconnecting does not reload a model for minutes); else it is loaded and its status polled.
 * Rejects with what Scope said: refused, failed (its status error), or still loading when time ran out.
 */
export async function ensurePipeline(
  client: ScopeClient,
  pipeline: string,
  loadParams: Record<string, unknown> | undefined,
  timeoutMs: number,
  pollMs = 250,
): Promise<PipelineStatus> {
  const matches = (s: PipelineStatus) =>
    s.status === 'loaded' &&
    s.pipeline_id === pipeline &&
    (!loadParams || JSON.stringify(s.load_params ?? {}) === JSON.stringify(loadParams));
  const first = await client.pipelineStatus();
  if (matches(first)) return first;
  await client.loadPipeline(pipeline, loadParams);
  const deadline = Date.now() + timeoutMs;
  let last = first;
  for (;;) {
    await sleep(pollMs);
    last = await client.pipelineStatus();
    if (last.status === 'error')
      throw new ScopeHttpError(`pipeline "${pipeline}" failed to load: ${last.error ?? 'Scope gave no reason'}`, 200);
    if (last.status === 'loaded' && last.pipeline_id === pipeline) return last;
    if (Date.now() > deadline) {
      const stage = last.loading_stage ? `, stage: ${last.loading_stage}` : '';
      throw new ScopeHttpError(
        `pipeline "${pipeline}" not loaded after ${Math.round(timeoutMs / 1000)} s (status: ${last.status}${stage})`,
        200,
      );
    }
  }
}
