import { z } from 'zod';

/** Where the join QR code shows on the display pages: large in attract mode, small in a corner during a visit. */
const qrSchema = z
  .strictObject({
    attract: z.enum(['large', 'corner', 'off']).default('large'),
    visit: z.enum(['corner', 'off']).default('corner'),
    /** the console shows it too, for the operator to hand round */
    console: z.boolean().default(true),
  })
  .default({ attract: 'large', visit: 'corner', console: true });

const moderationSchema = z
  .strictObject({
    /** operator: every suggestion waits in the console's queue; auto: one that passes the filters goes straight on */
    mode: z.enum(['operator', 'auto']).default('operator'),
    /** the longest suggestion, in characters after normalisation */
    maxLength: z.number().int().min(1).max(500).default(120),
    /** a word list file (one word or phrase a line, # comments), matched after Unicode normalisation */
    blocklist: z.string().optional(),
    /** suggestions a phone may send per minute */
    perMinute: z.number().int().min(1).default(4),
    /** seconds a phone waits between two suggestions */
    cooldownSeconds: z.number().min(0).default(10),
    /** suggestions waiting for the operator; more are refused until some are handled */
    queueSize: z.number().int().min(1).default(50),
  })
  .default({ mode: 'operator', maxLength: 120, perMinute: 4, cooldownSeconds: 10, queueSize: 50 });

const limitsSchema = z
  .strictObject({
    /** phones connected at once from one network address (a venue's Wi-Fi gives each phone its own) */
    connectionsPerAddress: z.number().int().min(1).default(4),
    /** phones connected at once in all */
    connections: z.number().int().min(1).default(1000),
    /** messages a phone may send per second; more are dropped and counted, and a phone that keeps on is cut off */
    messagesPerSecond: z.number().int().min(1).default(5),
  })
  .default({ connectionsPerAddress: 4, connections: 1000, messagesPerSecond: 5 });

/** Each visit to a fragmented MP4 with its page, still and continue code (off unless the exhibit decides). */
const recordingSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** where visits are kept; default: <stateDir>/visits */
    dir: z.string().optional(),
    fps: z.number().int().min(1).max(60).default(15),
    /** visits older than this are deleted (and their links stop working) */
    keepDays: z.number().positive().default(7),
    /** and the oldest go first while all of them take more than this */
    keepGB: z.number().positive().default(20),
    /** where visitors may type a continue code besides the console: the display pages (attract mode), the phones */
    codeEntry: z
      .strictObject({ display: z.boolean().default(false), phones: z.boolean().default(false) })
      .default({ display: false, phones: false }),
  })
  .default({ enabled: false, fps: 15, keepDays: 7, keepGB: 20, codeEntry: { display: false, phones: false } });

/**
 * Visitors' phones (README "Visitors' phones"): a /join page reached through a QR code, suggestions under
 * moderation, votes. Off unless the exhibit turns it on.
 */
export const phonesConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** the address phones open, e.g. http://192.168.1.20:8080/join; left out, the address the page was opened on */
    joinUrl: z.url().optional(),
    /** the phone page's languages, first the default (texts in runtime/phones/page/texts/<lang>.json) */
    languages: z
      .array(z.enum(['en', 'fr']))
      .min(1)
      .default(['en', 'fr']),
    /** the exhibit's own suggestions, offered as buttons on the phones */
    suggestions: z.array(z.string().min(1).max(120)).max(12).default([]),
    qr: qrSchema,
    /** the display pages show an open vote and its counts live */
    voteOnDisplay: z.boolean().default(false),
    moderation: moderationSchema,
    limits: limitsSchema,
    recording: recordingSchema,
  })
  .default({
    enabled: false,
    languages: ['en', 'fr'],
    suggestions: [],
    qr: qrSchema.parse(undefined),
    voteOnDisplay: false,
    moderation: moderationSchema.parse(undefined),
    limits: limitsSchema.parse(undefined),
    recording: recordingSchema.parse(undefined),
  });

export type PhonesConfig = z.output<typeof phonesConfigSchema>;
