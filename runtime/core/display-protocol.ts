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
  blackout: (on: boolean) => void;
  health: (h: ModelHealth) => void;
}

export interface PageToDisplay {
  input: (i: PageInput) => void;
}
