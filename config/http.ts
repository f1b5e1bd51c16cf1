import { z } from 'zod';

const origin = z
  .string()
  .refine(
    (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
    'must be an origin like http://console-pc:8080',
  )
  .transform((s) => new URL(s).origin);

/** The HTTP server: where it listens, who else may open its sockets, and TLS. */
export const httpSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(8080),
    /** 0.0.0.0 so projector PCs on the exhibit network can open /display/<id> */
    host: z.string().default('0.0.0.0'),
    /** pages of other origins allowed to open Socket.IO (a console served elsewhere); same origin is always allowed */
    allowedOrigins: z.array(origin).max(64).default([]),
    /** serve HTTPS (and WSS) with this certificate and private key, PEM files (README "Security") */
    tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
  })
  .default({ port: 8080, host: '0.0.0.0', allowedOrigins: [] });
