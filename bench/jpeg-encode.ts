/**
 * The projector's JPEG encoder alone, against its floors in the same run: a 720p frame at a time as the loop
 * hands it one a step, nothing else running. The three are interleaved frame by frame, so a load that comes
 * and goes on a shared machine falls on all of them alike.
 */
import turbo from '@julusian/jpeg-turbo';
import sharp from 'sharp';
import { silentLogger } from '../runtime/core/log.ts';
import type { Frame } from '../runtime/core/world-model.ts';
import { cropOf } from '../displays/projector/transport/crop.ts';
import { JpegEncoder } from '../displays/projector/transport/jpeg.ts';

const QUALITY = 80;

export interface JpegFigures {
  /** ms from a frame handed to the projector's encoder to its JPEG (the goal is <= 10 ms) */
  medianMs: number;
  p90Ms: number;
  /** floor: the bare TurboJPEG call from the frame's RGBA, median and p90 */
  turboMs: number;
  turboP90Ms: number;
  /** the encoder before (2026-11-28): sharp's pipeline, alpha removed by libvips, then libjpeg-turbo */
  sharpMs: number;
  sharpP90Ms: number;
}

export async function jpegEncodeAlone(recorded: Frame[], rounds = 4): Promise<JpegFigures> {
  const encoder = new JpegEncoder(QUALITY, silentLogger());
  const ms: Record<'encoder' | 'turbo' | 'sharp', number[]> = { encoder: [], turbo: [], sharp: [] };
  let step = 0;
  const time = async (into: number[], run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    into.push(performance.now() - t);
  };
  for (let r = 0; r < rounds; r++)
    for (const f of recorded) {
      const done = new Promise<number>((resolve) => encoder.onFrame((e) => resolve(e.encodeMs)));
      encoder.push({ ...f, step: step++, at: performance.now() }, cropOf(undefined, f.width, f.height));
      ms.encoder.push(await done);
      await time(ms.turbo, () => bareTurbo(f));
      await time(ms.sharp, () => sharpPipeline(f));
    }
  const sorted = (xs: number[]) => xs.slice(5).sort((a, b) => a - b);
  const at = (xs: number[], q: number) => sorted(xs)[Math.floor((xs.length - 5) * q)] ?? NaN;
  return {
    medianMs: at(ms.encoder, 0.5),
    p90Ms: at(ms.encoder, 0.9),
    turboMs: at(ms.turbo, 0.5),
    turboP90Ms: at(ms.turbo, 0.9),
    sharpMs: at(ms.sharp, 0.5),
    sharpP90Ms: at(ms.sharp, 0.9),
  };
}

const rgba = (f: Frame) => Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);

function bareTurbo(f: Frame): Promise<Buffer> {
  const { width, height } = f;
  return turbo.compress(rgba(f), {
    format: turbo.FORMAT_RGBA,
    width,
    height,
    subsampling: turbo.SAMP_420,
    quality: QUALITY,
  });
}

function sharpPipeline(f: Frame): Promise<Buffer> {
  return sharp(rgba(f), { raw: { width: f.width, height: f.height, channels: 4 } })
    .removeAlpha()
    .jpeg({ quality: QUALITY, chromaSubsampling: '4:2:0', optimiseCoding: false })
    .toBuffer();
}

/** the figures as the bench prints them */
export function jpegLine(j: JpegFigures): string {
  return (
    `jpeg encode alone, a 720p frame at a time: median ${j.medianMs.toFixed(1)} ms, p90 ${j.p90Ms.toFixed(1)} ms (goal <= 10 ms); ` +
    `in the same run the bare TurboJPEG call ${j.turboMs.toFixed(1)} ms, p90 ${j.turboP90Ms.toFixed(1)} (ratio ${(j.medianMs / j.turboMs).toFixed(2)}), ` +
    `the sharp pipeline it replaced ${j.sharpMs.toFixed(1)} ms, p90 ${j.sharpP90Ms.toFixed(1)} (ratio ${(j.medianMs / j.sharpMs).toFixed(2)})`
  );
}
