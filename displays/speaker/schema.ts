import { z } from 'zod';

export const speakerSchema = z.strictObject({
  id: z.string().min(1),
  /** pulse: pacat to a PulseAudio (or PipeWire-pulse) server; alsa: aplay straight to an ALSA device */
  backend: z.enum(['pulse', 'alsa']).default('pulse'),
  /** a PulseAudio sink name or an ALSA device (e.g. `hw:1,0`, `null`); the system default when absent */
  device: z.string().min(1).optional(),
  /** how much audio the player buffers: more survives hiccups, less keeps sound closer to the picture */
  latencyMs: z.number().int().min(10).max(2000).default(120),
  volume: z.number().min(0).max(1).default(1),
});
export type SpeakerConfig = z.infer<typeof speakerSchema>;
