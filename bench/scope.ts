/**
 * Scope's two headless transports against the stand-in (test/rigs/scope/standin.py), in the same run: frames a
 * loop gets per second against the frames the stand-in makes, and how long a key takes to come back as a
 * frame against when the stand-in starts drawing it (its state polled alongside: the floor).
 */
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../runtime/core/log.ts';
import type { ModelSession } from '../runtime/core/world-model.ts';
import { ScopeWorldModel } from '../models/scope/model.ts';
import { meanColour } from '../test/helpers/frames.ts';
import { ScopeStandIn, writeScopeFolder } from '../test/rigs/scope/stand-in.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface ScopeTransportFigures {
  /** frames the loop got per second, stepping as fast as it can */
  framesPerSecond: number;
  /** the stand-in's own rate */
  madePerSecond: number;
  /** key pressed or released -> the first frame showing it, median */
  keyToFrameMs: number;
  /** key pressed or released -> the stand-in drawing it (its state), median: the floor */
  keyToDrawnMs: number;
}

async function keyLatency(s: ModelSession, standIn: ScopeStandIn, held: boolean) {
  const t0 = performance.now();
  s.push({ move: [0, held ? 1 : 0] });
  let drawnMs: number | undefined;
  const poll = (async () => {
    while (drawnMs === undefined) {
      if ((await standIn.state()).chunk.button.includes('KeyW') === held) drawnMs = performance.now() - t0;
    }
  })();
  for (;;) {
    const f = (await s.next()).frames[0]!;
    if (meanColour(f)[1] > 125 === held) break;
  }
  const seenMs = performance.now() - t0;
  await poll;
  return { seenMs, drawnMs: drawnMs! };
}

async function measure(
  standIn: ScopeStandIn,
  transport: 'headless' | 'mpegts',
  presses: number,
): Promise<ScopeTransportFigures> {
  const dir = await writeScopeFolder({ url: standIn.url, transport, width: 320, height: 180 });
  const model = await ScopeWorldModel.load(dir, { log: silentLogger(), pollMs: 50 });
  try {
    const s = await model.openSession();
    await keyLatency(s, standIn, false);
    const made0 = (await standIn.state()).frames_made;
    const t0 = performance.now();
    let steps = 0;
    while (performance.now() - t0 < 2000) {
      await s.next();
      steps++;
    }
    const seconds = (performance.now() - t0) / 1000;
    const made = ((await standIn.state()).frames_made - made0) / seconds;
    const seen: number[] = [];
    const drawn: number[] = [];
    for (let i = 0; i < presses * 2; i++) {
      const r = await keyLatency(s, standIn, i % 2 === 0);
      seen.push(r.seenMs);
      drawn.push(r.drawnMs);
    }
    return {
      framesPerSecond: steps / seconds,
      madePerSecond: made,
      keyToFrameMs: median(seen),
      keyToDrawnMs: median(drawn),
    };
  } finally {
    await model.close();
  }
}

/** both transports against one stand-in at `fps` (320x180) */
export async function benchScope(fps = 20, presses = 3) {
  const standIn = await ScopeStandIn.start({ loadDelay: 0.1, fps, width: 320, height: 180 });
  try {
    const jpeg = await measure(standIn, 'headless', presses);
    const mpegts = await measure(standIn, 'mpegts', presses);
    return { fps, jpeg, mpegts };
  } finally {
    await standIn.stop();
  }
}
