/** Socket.IO namespace /display: what display pages and the runtime say to each other. */

/** the kiosk's phase and the overlay the pages draw over the world */
export interface SessionOverlay {
  phase: string;
  overlay: 'press-any-key' | 'thank-you' | null;
}

export interface FrameMeta {
  width: number;
  height: number;
  step: number;
  /** Date.now() when the runtime sent it, for latency figures */
  sentAt: number;
}

export interface AudioMeta {
  rate: number;
  channels: number;
  samples: number;
  step: number;
}

export type ModelHealth = { state: 'running' } | { state: 'failed'; message: string };

/** a visitor's key or touch on a page: the browser input driver turns it into a Signal */
export type PageInput =
  | { kind: 'key'; code: string; down: boolean }
  | { kind: 'touch'; channel: string; value: [number, number] | boolean }
  /** a pad plugged into the display PC (browser Gamepad API), channels as the gamepad drivers name them */
  | { kind: 'pad'; pad: number; channel: string; value: [number, number] | number | boolean }
  | { kind: 'release-all' };

export interface DisplayToPage {
  frame: (meta: FrameMeta, rgba: ArrayBuffer, ack: () => void) => void;
  audio: (meta: AudioMeta, planar: ArrayBuffer) => void;
  overlay: (o: SessionOverlay) => void;
  /** black (true) or back; the pages fade over `fadeSeconds` where it is given */
  blackout: (on: boolean, fadeSeconds?: number) => void;
  health: (h: ModelHealth) => void;
  /** host this surface (null: host none, show the runtime's frames) */
  surface: (s: PageSurface | null) => void;
  /** the held command the hosted player sends (re-sent every 300 ms while held) */
  'surface-command': (c: SurfaceCommand) => void;
}

export interface PageToDisplay {
  input: (i: PageInput) => void;
  surface: (r: SurfaceReport) => void;
}

/**
 * A world the display page hosts itself: the service's own web player (HappyOyster's SDK) draws into a
 * <video> on the page, so no frames come from the runtime. The runtime keeps the primary key, the world and
 * the controls; the page gets only what its player needs to join (a single-use ticket, a short-lived token).
 */
export interface PageSurface {
  kind: 'happyoyster';
  /** one per travel (visit): the page's reports name it */
  id: string;
  mode: 'adventure' | 'directing';
  /** the Open Platform host the player talks to (no scheme) */
  apiHost: string;
  /** the service's model name, e.g. happyoyster-1.0-adventure */
  model: string;
  /** a temporary API key (st-...), never the primary key */
  token: string;
  /** single-use travel credential (tk_...) */
  ticket: string;
  /** Adventure: 60, 90 or 120 */
  maxExperienceTimeSec?: number;
  /** how long the travel lasts, for the time-left display */
  budgetSec: number;
  /** the world's first frame, shown until the video plays */
  poster?: string;
  /** where the page loads the player SDK from */
  sdkUrl: string;
}

/** Adventure's held command, as its player's sendCommand takes it ('None' on an idle axis) */
export interface SurfaceCommand {
  translation: string;
  rotation: string;
  interaction: string;
}

/** what the page's player says about the travel it hosts */
export type SurfaceReport =
  | { id: string; event: 'starting' }
  | { id: string; event: 'joined'; travelId: string }
  /** the player's stream state, as the service's heartbeat names it (PLAYING, BUFFERING, ...) */
  | { id: string; event: 'stream'; status: string }
  | { id: string; event: 'failed'; message: string; code?: number | string }
  | { id: string; event: 'ended' }
  /** the page lost focus: its held commands were released */
  | { id: string; event: 'blur' };

/** What a page-surface model session offers the DisplayHub (models/happyoyster). */
export interface SurfaceLink {
  /** undefined until the travel's credentials are ready */
  readonly surface: PageSurface | undefined;
  readonly command: SurfaceCommand;
  /** the surface (new credentials) or the held command changed */
  onChange(fn: () => void): () => void;
  report(r: SurfaceReport): void;
}

/** the page-surface link of a model session, if it has one */
export function surfaceLinkOf(session: unknown): SurfaceLink | undefined {
  const link = (session as { surfaceLink?: SurfaceLink } | undefined)?.surfaceLink;
  return link && typeof link.report === 'function' ? link : undefined;
}
