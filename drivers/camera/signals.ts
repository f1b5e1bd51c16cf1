import type { Value } from '../../runtime/core/signals.ts';
import type { PerceptionResult } from './perception/perceive.ts';

const round = (v: number, places = 4) => Math.round(v * 10 ** places) / 10 ** places + 0;
/** 0..1 image coordinates (y down) -> -1..1 with +y up, as sticks */
const centred = (x: number, y: number): [number, number] => [round(x * 2 - 1), round(1 - y * 2)];

/**
 * What a camera tells the mapping, on `camera:<id>`: `presence`, `faces` (how many), `face` [x, y] of the
 * nearest (largest) face with `face.x`, `face.y`, `face.size` (its height as a share of the frame), `motion`
 * (overall energy), `motion:<n>` per region, and `motion.centroid` [x, y]. Positions are -1..1, +y up.
 */
export function perceptionSignals(r: PerceptionResult): [string, Value][] {
  const face = r.nearest ? centred(r.nearest.x, r.nearest.y) : ([0, 0] as [number, number]);
  const out: [string, Value][] = [
    ['presence', r.presence],
    ['faces', r.faces],
    ['face', face],
    ['face.x', face[0]],
    ['face.y', face[1]],
    ['face.size', round(r.nearest?.size ?? 0)],
    ['motion', round(r.motion.energy, 5)],
    ...r.motion.regions.map((e, i): [string, Value] => [`motion:${i}`, round(e, 5)]),
  ];
  if (r.motion.centroid) out.push(['motion.centroid', centred(r.motion.centroid[0], r.motion.centroid[1])]);
  return out;
}
