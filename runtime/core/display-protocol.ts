/** Socket.IO namespace /display: what display pages and the runtime say to each other. */

/** the kiosk's phase and the overlay the pages draw over the world */
export interface SessionOverlay {
  phase: string;
  overlay: 'press-any-key' | 'thank-you' | null;
}

export type FrameCodec = 'raw' | 'jpeg' | 'h264';

export interface FrameMeta {
  /** raw: RGBA rows; jpeg: a JPEG file; h264: one access unit, AVCC (length-prefixed NAL units) */
  codec: FrameCodec;
  width: number;
  height: number;
  step: number;
  /** Date.now() when the runtime sent it, for latency figures */
  sentAt: number;
  /** how long the frame waited for its encoding (ms; 0 for raw) */
  encodeMs: number;
  /** h264: a key frame (a page may start decoding here) */
  key?: boolean;
  /** h264 key frames: the AVCDecoderConfigurationRecord (WebCodecs' `description`) */
  description?: ArrayBuffer;
  /** h264: the codec string for VideoDecoder.configure, e.g. avc1.42c01f */
  codecString?: string;
}

export type Point = [number, number];

/** One edge's blend ramp: width as a fraction of the picture, the ramp's curve and the projector's gamma. */
export interface BlendEdge {
  width: number;
  curve: number;
  gamma: number;
}

/**
 * A display's projection mapping, drawn by its page (WebGL2): the picture's corners pinned on the projector
 * (keystone), an optional mesh of control points inside the pinned square, edge blends, a black level lift
 * outside the blends, and mask polygons. Positions on the projector are fractions of its picture from the top left.
 */
export interface ProjectionMapping {
  /** null: the picture fitted into the projector's, its aspect kept */
  corners: [Point, Point, Point, Point] | null;
  mesh: { cols: number; rows: number; smooth: boolean; points: Point[] } | null;
  blend: { left?: BlendEdge; right?: BlendEdge; top?: BlendEdge; bottom?: BlendEdge };
  blackLift: number;
  mask: Point[][];
}

/** a page's drawing size in device pixels, and the size of the picture it draws (its display's region) */
export interface PageScreen {
  width: number;
  height: number;
  pictureWidth: number;
  pictureHeight: number;
}

/** what a page draws instead of the world while the operator sets it up */
export type TestPattern = 'grid' | 'crosshair' | 'ramps' | 'bars' | 'id';

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
  frame: (meta: FrameMeta, payload: ArrayBuffer, ack: () => void) => void;
  /** the display's projection mapping, on connect and on every change */
  mapping: (m: ProjectionMapping) => void;
  /** a test pattern instead of the world (null: the world again) */
  pattern: (p: TestPattern | null) => void;
  /** acknowledged once scheduled: a page that stops acknowledging gets no more sound (it is dropped, counted) */
  audio: (meta: AudioMeta, planar: ArrayBuffer, ack: () => void) => void;
  overlay: (o: SessionOverlay) => void;
  /** black (true) or back; the pages fade over `fadeSeconds` where it is given */
  blackout: (on: boolean, fadeSeconds?: number) => void;
  /** closed (opening hours): the address of the picture to show instead of black; null: not closed, or black */
  closed: (picture: string | null) => void;
  health: (h: ModelHealth) => void;
  /** host this surface (null: host none, show the runtime's frames) */
  surface: (s: PageSurface | null) => void;
  /** the held command the hosted player sends (re-sent every 300 ms while held) */
  'surface-command': (c: SurfaceCommand) => void;
  /** whether this page's keys and touches are taken: a page on another machine needs the display key */
  paired: (on: boolean) => void;
}

/** what became of a visit's continue code typed at a page (display or phone; runtime/visits/continue.ts) */
export type ContinueAck =
  | { ok: true }
  | {
      ok: false;
      reason: 'wrong' | 'slow-down' | 'busy' | 'failed' | 'view-only';
      error: string;
      retryInSeconds?: number;
    };

export interface PageToDisplay {
  input: (i: PageInput) => void;
  /** a visit's continue code typed at the display (attract mode): the next visit starts in its saved world */
  continue: (code: string, ack: (a: ContinueAck) => void) => void;
  /** every 250 ms: a page silent for a second has its held input released (runtime/page-heartbeats.ts) */
  alive: () => void;
  /** the page's drawing size in device pixels, on connect and on resize (the console draws the display at this aspect) */
  screen: (s: PageScreen) => void;
  surface: (r: SurfaceReport) => void;
  /** a JPEG of the hosted world's video, for the console's preview (frames of a page surface skip Node) */
  'surface-preview': (meta: SurfacePreviewMeta, jpeg: ArrayBuffer) => void;
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
  /** the page records what it plays (MediaRecorder, WebM) and posts it to /api/surface-recording in pieces */
  record?: boolean;
}

export interface SurfacePreviewMeta {
  /** the hosted surface it shows */
  id: string;
  width: number;
  height: number;
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
