import { z } from 'zod';

/** `show:` in the exhibit config: a cue list file, and the signals that mean GO. */
export const showConfigSchema = z
  .strictObject({
    /** the show file (YAML), relative to where Nacre runs; reloaded when it changes */
    file: z.string().min(1),
    /** signals that GO when they turn on (a Firmata button, a pad button, a camera's presence): globs */
    go: z.array(z.strictObject({ source: z.string(), channel: z.string() })).default([]),
  })
  .optional();

export type ShowConfig = z.output<typeof showConfigSchema>;
