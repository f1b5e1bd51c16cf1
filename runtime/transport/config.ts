import { z } from 'zod';

/** `transport:` in the exhibit config: how far back the runtime can rewind a world whose state it saves. */
export const transportConfigSchema = z
  .strictObject({
    /** seconds of world kept for rewinding (one snapshot per second); 0: no rewind (pause and bookmarks still work) */
    rewindSeconds: z.number().int().min(0).max(3600).default(60),
  })
  .default({ rewindSeconds: 60 });

export type TransportConfig = z.output<typeof transportConfigSchema>;
