import { z } from 'zod';
import { targetSchema } from '../mapping/target.ts';
import { MAX_OPTIONS, MAX_VOTE_SECONDS } from '../phones/vote.ts';

const vec = z.tuple([z.number(), z.number()]);
const value = z.union([z.number(), z.boolean(), vec, z.string()]);
const seconds = z.number().nonnegative();

/** One thing a cue does. Each action is a mapping with one key naming what it does. */
export const actionSchema = z.union([
  /** a condition held at cue priority (over visitors and the attract autopilot) until released */
  z.strictObject({ set: targetSchema, value }),
  z.strictObject({ release: z.union([targetSchema, z.literal('all')]) }),
  /** a numeric condition moved from `from` (default: where it is now, else 0) to `to` over `seconds` */
  z.strictObject({
    ramp: targetSchema,
    to: z.union([z.number(), vec]),
    from: z.union([z.number(), vec]).optional(),
    seconds: z.number().positive(),
    curve: z.enum(['linear', 'ease-in', 'ease-out', 'ease-in-out']).default('linear'),
  }),
  z.strictObject({ instruct: z.string().min(1).max(500) }),
  z.strictObject({ style: z.string().min(1) }),
  z.strictObject({ session: z.enum(['start', 'reset']) }),
  z.strictObject({ transport: z.enum(['pause', 'resume']) }),
  z.strictObject({ rewind: z.number().positive().max(3600) }),
  z.strictObject({ bookmark: z.string().min(1) }),
  z.strictObject({ recall: z.string().min(1) }),
  /** displays black (true) or back (false); `fade` seconds where the pages can fade */
  z.strictObject({ blackout: z.boolean(), fade: seconds.default(0) }),
  /** an OSC message to other gear (lights, a sound desk, QLab): `to` "host:port", else the show's oscOut */
  z.strictObject({
    osc: z.string().regex(/^\//, 'an OSC address starts with /'),
    args: z.array(z.union([z.number(), z.string(), z.boolean()])).default([]),
    to: z
      .string()
      .regex(/^[^:]+:\d+$/, 'host:port')
      .optional(),
  }),
  /** a vote of the visitors' phones among a few instructions (phones.enabled); its winner goes to the model */
  z.strictObject({
    vote: z.strictObject({
      options: z.array(z.string().trim().min(1).max(500)).min(2).max(MAX_OPTIONS),
      seconds: z.number().min(5).max(MAX_VOTE_SECONDS),
    }),
  }),
  /** the cue's next actions wait this long */
  z.strictObject({ wait: z.number().positive() }),
]);

export type CueAction = z.output<typeof actionSchema>;

export const CONTINUE_MODES = ['do-not-continue', 'auto-continue', 'auto-follow'] as const;
export type ContinueMode = (typeof CONTINUE_MODES)[number];

export const cueSchema = z.strictObject({
  /** how operators and OSC name it: "1", "2.5", "intro" */
  number: z.union([z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . or -'), z.number().transform(String)]),
  name: z.string().default(''),
  /** seconds between GO and the cue's first action */
  preWait: seconds.default(0),
  /**
   * do-not-continue: the next cue waits for GO; auto-continue: the next cue starts with this one (after this
   * one's pre-wait); auto-follow: the next cue starts when this one's actions are done
   */
  continue: z.enum(CONTINUE_MODES).default('do-not-continue'),
  actions: z.array(actionSchema).default([]),
});

export type Cue = z.output<typeof cueSchema>;

export const showSchema = z
  .strictObject({
    /** a second GO within this many ms of the last is ignored (a double press on a desk) */
    goGuardMs: z.number().int().nonnegative().default(300),
    /** panic: every cue stopped, held conditions faded to rest over this many seconds, then released */
    panicSeconds: seconds.default(1),
    /** where `osc` actions go when they do not say: "host:port" */
    oscOut: z
      .string()
      .regex(/^[^:]+:\d+$/, 'host:port')
      .optional(),
    cues: z.array(cueSchema).min(1, 'a show has at least one cue'),
  })
  .superRefine((show, ctx) => {
    const seen = new Set<string>();
    show.cues.forEach((c, i) => {
      if (seen.has(c.number))
        ctx.addIssue({ code: 'custom', path: ['cues', i, 'number'], message: `cue number ${c.number} is used twice` });
      seen.add(c.number);
    });
  });

export type Show = z.output<typeof showSchema>;

/** how long an action runs once it starts (a ramp, a fade); 0 for the instant ones */
export function actionSeconds(a: CueAction): number {
  if ('ramp' in a) return a.seconds;
  if ('blackout' in a) return a.fade;
  return 0;
}

/** each action's start after the cue's pre-wait, and the cue's duration (waits and ramps included) */
export function cueTimeline(cue: Cue): { at: number[]; duration: number } {
  let t = 0;
  let end = 0;
  const at = cue.actions.map((a) => {
    const start = t;
    if ('wait' in a) t += a.wait;
    end = Math.max(end, t, start + actionSeconds(a));
    return start;
  });
  return { at, duration: end };
}
