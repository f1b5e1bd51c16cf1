import type { FrameCodec } from '../../../runtime/core/display-protocol.ts';
import type { Frame } from '../../../runtime/core/world-model.ts';

/** A pixel rectangle of the model's frame. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One frame as it travels to the pages: encoded once, sent to every page of every display that shares the channel. */
export interface EncodedFrame {
  codec: FrameCodec;
  width: number;
  height: number;
  step: number;
  data: Buffer;
  /** h264: a page may start decoding here; raw and jpeg frames are all key frames */
  key: boolean;
  /** h264 key frames: the AVCDecoderConfigurationRecord and its codec string */
  description?: Buffer;
  codecString?: string;
  /** from the frame's arrival to the end of its encoding */
  encodeMs: number;
}

/** Encodes frames off the main thread (libvips' threads, an ffmpeg process); results come out in order. */
export interface FrameEncoder {
  /** false when it is still busy with earlier frames: the caller drops this one */
  push(frame: Frame, crop: Crop): boolean;
  onFrame(fn: (e: EncodedFrame) => void): void;
  close(): Promise<void>;
}
