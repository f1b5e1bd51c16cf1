/**
 * The few parts of @roamhq/wrtc (libwebrtc for Node; prebuilt binaries ship in its npm packages) that the
 * Scope backend uses, typed here since the package has no types. Loaded on first use, so a kiosk that never
 * runs a Scope folder never loads libwebrtc.
 */
import { createRequire } from 'node:module';

export interface I420Frame {
  width: number;
  height: number;
  /** Y plane, then U, then V (each chroma plane a quarter of Y, rounded up) */
  data: Uint8Array;
}

export interface WrtcDataChannel {
  readonly label: string;
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed';
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WrtcTrack {
  readonly kind: string;
  stop(): void;
}

export interface WrtcPeerConnection {
  readonly connectionState: 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';
  readonly iceGatheringState: 'new' | 'gathering' | 'complete';
  readonly localDescription: { type: string; sdp: string } | null;
  onconnectionstatechange: (() => void) | null;
  onicegatheringstatechange: (() => void) | null;
  ontrack: ((e: { track: WrtcTrack }) => void) | null;
  createDataChannel(label: string, opts?: { ordered?: boolean }): WrtcDataChannel;
  addTransceiver(kind: 'video' | 'audio', init?: { direction?: 'recvonly' | 'sendrecv' }): unknown;
  createOffer(): Promise<{ type: string; sdp: string }>;
  setLocalDescription(d: { type: string; sdp: string }): Promise<void>;
  setRemoteDescription(d: { type: string; sdp: string }): Promise<void>;
  close(): void;
}

export interface WrtcVideoSink {
  onframe: ((e: { frame: I420Frame }) => void) | null;
  stop(): void;
}

export interface Wrtc {
  RTCPeerConnection: new (config?: { iceServers?: { urls: string | string[] }[] }) => WrtcPeerConnection;
  nonstandard: {
    RTCVideoSink: new (track: WrtcTrack) => WrtcVideoSink;
    i420ToRgba(from: I420Frame, to: { width: number; height: number; data: Uint8ClampedArray }): void;
  };
}

let loaded: Wrtc | undefined;

/** @roamhq/wrtc, or an error that says how to get it */
export function wrtc(): Wrtc {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('@roamhq/wrtc') as Wrtc;
    return loaded;
  } catch (err) {
    throw new Error(
      `@roamhq/wrtc cannot be loaded (${(err as Error).message.split('\n')[0]}): run npm install, or set "transport": "headless"`,
    );
  }
}

/** RGBA pixels of an I420 frame (libyuv, inside the binding) */
export function i420ToRgba(frame: I420Frame): Uint8Array {
  const rgba = new Uint8ClampedArray(frame.width * frame.height * 4);
  wrtc().nonstandard.i420ToRgba(frame, { width: frame.width, height: frame.height, data: rgba });
  return new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
}
