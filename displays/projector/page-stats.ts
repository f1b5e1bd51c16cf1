/**
 * What a projector page (page/display.js) publishes as `window.nacreDisplay`: its own figures, read by the
 * end-to-end tests and the motion-to-photon benchmark through the browser, and shown on the page with the ` key.
 */
export interface DisplayPageStats {
  /** the display's id (the last part of /display/<id>) */
  id: string;
  /** frames received, drawn (a frame that arrives before the last was drawn replaces it) */
  frames: number;
  drawn: number;
  /** the step of the last drawn frame; -1 before the first */
  lastStep: number;
  /** how frames come (the display's transport), and the bytes received */
  codec: 'raw' | 'jpeg' | 'h264' | null;
  bytes: number;
  /** decoded pictures replaced by a newer one before they were drawn */
  skipped: number;
  /** the last decoding failure (a JPEG or the H.264 decoder), if any */
  decodeError: string | null;
  /** the test pattern shown instead of the world */
  pattern: string | null;
  /** 'webgl2', or why the page draws on a 2D canvas without its projection mapping */
  renderer: string;
  /** Date.now(), renewed every 500 ms while the page's main thread runs (nacre kiosk's heartbeat) */
  beat: number;
  /** Date.now() of the last (re)connection */
  connectedAt?: number;
  /** the last 120 draws: the step, when the runtime sent it and when the page drew it (Date.now()) */
  draws: DrawRecord[];
  connected: boolean;
  /** whether the runtime takes this page's keys and touches (a page on another machine needs the display key) */
  paired?: boolean;
  blackout: boolean;
  /** the closed picture (opening hours) is shown instead of the world */
  closed?: boolean;
  /** the model's health as the runtime last said it */
  health: 'running' | 'failed';
  overlay: 'press-any-key' | 'thank-you' | null;
  audio: AudioPageStats;
}

export interface DrawRecord {
  step: number;
  sentAt: number;
  drawnAt: number;
  /** how long the runtime took to encode it */
  encodeMs: number;
}

export interface AudioPageStats {
  chunks: number;
  underruns: number;
  skipped: number;
  /** what reaches the speakers after the gain, sampled every 250 ms */
  rms: number;
  /** the AudioContext's state, 'none' before the first chunk */
  state: 'none' | 'suspended' | 'running' | 'closed' | 'interrupted';
}

/** The display page's window as tests and benchmarks see it in page.evaluate (they run without the DOM types). */
export interface DisplayPageWindow {
  nacreDisplay: DisplayPageStats;
}
