import { z } from 'zod';

/** A visit in wander mode ends after this long unless the exhibit says otherwise. */
export const WANDER_MAX_SECONDS = 600;

/**
 * maxSeconds: 0 means no limit. Left out, wander gets WANDER_MAX_SECONDS and direct gets none, so a
 * show is never cut off by a limit nobody wrote down. idleSeconds only applies to wander.
 */
export const sessionConfigSchema = z
  .strictObject({
    mode: z.enum(['wander', 'direct']).default('wander'),
    /** wander: no visitor input this long and the visitor has left */
    idleSeconds: z.number().positive().max(86_400).default(45),
    /** the longest a visit (wander) or a show (direct) runs before it is reset; 0 = no limit */
    maxSeconds: z.number().nonnegative().max(604_800).optional(),
    /** the "thank you" between the end of a visit and the reset; 0 = reset at once */
    endingSeconds: z.number().nonnegative().max(600).default(4),
  })
  .transform((c) => ({ ...c, maxSeconds: c.maxSeconds ?? (c.mode === 'wander' ? WANDER_MAX_SECONDS : 0) }));

export type SessionConfig = z.output<typeof sessionConfigSchema>;
export type SessionMode = SessionConfig['mode'];
