import { z } from 'zod';
import { parseFallbacks } from './fallbacks.ts';
import { filterSchema } from './filter.ts';
import { targetSchema } from './target.ts';

export const mappingSchema = z.strictObject({
  id: z.string().optional(),
  from: z.strictObject({
    /** glob on the signal's source, e.g. "browser:*" */
    source: z.string().min(1),
    /** glob on the channel, e.g. "key:KeyW" or "axis:*" */
    channel: z.string().min(1),
  }),
  to: targetSchema,
  filters: z.array(filterSchema).default([]),
  /** operator or cue puts this mapping's contributions on that level instead of the visitor's */
  priority: z.enum(['operator', 'cue', 'visitor']).default('visitor'),
});

/** A parsed mapping: defaults filled in, target checked. */
export type MappingSpec = z.infer<typeof mappingSchema>;
/** A mapping as written in config or code: defaulted fields may be left out. */
export type MappingInput = z.input<typeof mappingSchema>;

/** Parses one mapping of a list, naming it in the error so a config author can find it. */
export function parseMapping(input: MappingInput, index: number): MappingSpec {
  const r = mappingSchema.safeParse(input);
  if (r.success) return r.data;
  const name = input.id ? ` (${input.id})` : '';
  throw new Error(`mappings[${index}]${name}: ${z.prettifyError(r.error)}`);
}

/**
 * config's conditions.fallbacks ({ target: value }): each key must name a condition and its value must be able
 * to drive it, refused at load with the key's line like every other setting.
 */
export const fallbacksSchema = z.record(z.string(), z.unknown()).superRefine((record, ctx) => {
  for (const [key, value] of Object.entries(record)) {
    try {
      parseFallbacks({ [key]: value });
    } catch (err) {
      const message = (err as Error).message.replace(/^conditions\.fallbacks\.[^:]*: /, '');
      ctx.addIssue({ code: 'custom', path: [key], input: value, message });
    }
  }
});
