import { z } from 'zod';

/** a sink's channels: PulseAudio's own limit */
export const MAX_CHANNELS = 32;
/** the longest delay an output channel may have: about 170 m of sound travel, more than any hall needs */
export const MAX_DELAY_MS = 500;
/** gains and the master level, in dB: below the lowest a channel is as good as off; above the highest it clips */
export const MIN_DB = -96;
export const MAX_DB = 12;

/** one matrix cell: a gain in dB, or off (`off`, null or YAML's `-.inf`) */
const gainSchema = z.preprocess(
  (v) => (v === -Infinity ? null : v),
  z.union([z.number().min(MIN_DB).max(MAX_DB), z.literal('off').transform(() => null), z.null()]),
);

export const speakerSchema = z
  .strictObject({
    id: z.string().min(1),
    /** pulse: pacat to a PulseAudio (or PipeWire-pulse) server; alsa: aplay straight to an ALSA device */
    backend: z.enum(['pulse', 'alsa']).default('pulse'),
    /** a PulseAudio sink name or an ALSA device (e.g. `hw:1,0`, `null`); the system default when absent */
    device: z.string().min(1).optional(),
    /** how much audio the player buffers: more survives hiccups, less keeps sound closer to the picture */
    latencyMs: z.number().int().min(10).max(2000).default(120),
    volume: z.number().min(0).max(1).default(1),
    /** the sink's channel count; absent: as many as the model sends */
    channels: z.number().int().min(1).max(MAX_CHANNELS).optional(),
    /** one row per speaker channel: its gain in dB from each model channel (off: none of it) */
    matrix: z.array(z.array(gainSchema).min(1)).optional(),
    /** per speaker channel, how long its sound waits (to line speakers up with the picture and each other) */
    delayMs: z.array(z.number().min(0).max(MAX_DELAY_MS)).optional(),
    /** the master level in dB (the console changes it live) */
    level: z.number().min(MIN_DB).max(MAX_DB).default(0),
    /** the whole speaker silent */
    mute: z.boolean().default(false),
    /** speaker channels (counted from 0) that are silent */
    mutedChannels: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(MAX_CHANNELS - 1),
      )
      .default([]),
  })
  .superRefine((s, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const perChannel = ['matrix', 'delayMs'] as const;
    for (const key of perChannel) {
      const rows = s[key];
      if (!rows) continue;
      if (s.channels === undefined) problem([key], `${key} needs "channels" (the sink's channel count)`);
      else if (rows.length !== s.channels)
        problem(
          [key],
          `${key} has ${rows.length} row(s) but the speaker has ${s.channels} channel(s): one per channel`,
        );
    }
    const width = s.matrix?.[0]?.length;
    s.matrix?.forEach((row, i) => {
      if (row.length !== width)
        problem(
          ['matrix', i],
          `row ${i} has ${row.length} gain(s), row 0 has ${width}: one per model channel in every row`,
        );
    });
    s.mutedChannels.forEach((c, i) => {
      if (s.channels !== undefined && c >= s.channels)
        problem(['mutedChannels', i], `channel ${c} does not exist: the speaker's channels are 0 to ${s.channels - 1}`);
    });
  });
export type SpeakerConfig = z.infer<typeof speakerSchema>;
