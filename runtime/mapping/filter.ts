import { z } from 'zod';
import { createCurve, curveSchema } from './filters/curve.ts';
import { createDeadzone, deadzoneSchema } from './filters/deadzone.ts';
import { createInvert, invertSchema } from './filters/invert.ts';
import { createRate, rateSchema } from './filters/rate.ts';
import { createScale, scaleSchema } from './filters/scale.ts';
import { createSmooth, smoothSchema } from './filters/smooth.ts';
import { createThreshold, thresholdSchema } from './filters/threshold.ts';
import { createToggle, toggleSchema } from './filters/toggle.ts';
import { STOP, type Filter, type MappedValue } from './value.ts';

export { STOP, type Filter, type MappedValue } from './value.ts';

export const filterSchema = z.discriminatedUnion('type', [
  scaleSchema,
  invertSchema,
  deadzoneSchema,
  curveSchema,
  smoothSchema,
  thresholdSchema,
  toggleSchema,
  rateSchema,
]);
export type FilterSpec = z.infer<typeof filterSchema>;
/** A spec as written in config: fields with defaults may be left out. */
export type FilterInput = z.input<typeof filterSchema>;

/** A fresh filter with its own state; the spec is validated and its defaults filled in. */
export function createFilter(input: FilterInput): Filter {
  const spec = filterSchema.parse(input);
  switch (spec.type) {
    case 'scale':
      return createScale(spec);
    case 'invert':
      return createInvert(spec);
    case 'deadzone':
      return createDeadzone(spec);
    case 'curve':
      return createCurve(spec);
    case 'smooth':
      return createSmooth(spec);
    case 'threshold':
      return createThreshold(spec);
    case 'toggle':
      return createToggle(spec);
    case 'rate':
      return createRate(spec);
  }
}

/** Runs `v` through the chain in order; STOP from any filter stops the rest. */
export function runChain(chain: readonly Filter[], v: MappedValue, t: number): MappedValue | typeof STOP {
  let out: MappedValue = v;
  for (const f of chain) {
    const r = f(out, t);
    if (r === STOP) return STOP;
    out = r;
  }
  return out;
}
