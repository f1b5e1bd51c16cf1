import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEVICE_KINDS, deviceConfigShape, type DeviceKinds } from '../drivers/registry.ts';
import { outputBindingSchema } from '../runtime/output-bindings.ts';
import { httpSchema } from './http.ts';
import { devicesOf, uniqueIds } from './unique-ids.ts';
import { displaySchema } from '../displays/projector/output.ts';
import { panoramaSchema } from '../displays/projector/panorama.ts';
import { speakerSchema } from '../displays/speaker/output.ts';
import { fallbacksSchema, mappingSchema } from '../runtime/mapping/mapping.ts';
import { sessionConfigSchema } from '../runtime/session/config.ts';
import { scheduleConfigSchema } from '../runtime/schedule/config.ts';
import { showConfigSchema } from '../runtime/show/config.ts';
import { transportConfigSchema } from '../runtime/transport/config.ts';

/** the shortest console password, in the config file and in NACRE_CONSOLE_PASSWORD alike */
export const PASSWORD_MIN_LENGTH = 8;

/** model.threads beyond this would starve the loop and its watchdog (thousands of threads on a few cores) */
const MAX_THREADS = availableParallelism() * 4;
import { phonesConfigSchema } from '../runtime/phones/config.ts';

/** An exhibit's configuration: each part owns its schema; this file only puts them together. */
export const configSchema = z
  .strictObject({
    http: httpSchema,
    model: z
      .strictObject({
        path: z.string().default('models/default'),
        provider: z.enum(['cpu', 'cuda', 'tensorrt']).default('cpu'),
        threads: z
          .number()
          .int()
          .positive()
          .max(MAX_THREADS, `at most ${MAX_THREADS} (4 per CPU core of this machine)`)
          .optional(),
        /** 0: the lowest motion-to-photon (a step is asked for with the newest input and shown as soon as it is
         *  made); 1: the next step is computed while this one is shown (more steps/s when the model is slower than its fps) */
        lookahead: z.union([z.literal(0), z.literal(1)]).default(0),
        /** a model folder run while this one cannot (its server down, a service refusing): e.g. models/default */
        fallback: z.string().optional(),
      })
      .default({ path: 'models/default', provider: 'cpu', lookahead: 0 }),
    session: sessionConfigSchema.default(sessionConfigSchema.parse({})),
    displays: z.array(displaySchema).min(1, 'at least one display'), // ids unique with the speakers' (config/unique-ids.ts)
    /** one wide picture split over several displays side by side, with blended overlaps */
    panorama: panoramaSchema.optional(),
    speakers: z.array(speakerSchema).default([]),
    /** every kind of device (OSC, serial, Firmata, cameras, gamepads): drivers/registry.ts */
    ...deviceConfigShape,
    /** device outputs that follow the session or a condition (a start button's LED, a relay) */
    outputs: z.array(outputBindingSchema).default([]),
    console: z
      .strictObject({
        password: z.string().min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`).optional(),
        /** a console login lasts this long, then the console asks again */
        sessionHours: z.number().positive().max(720).default(12),
      })
      .default({ sessionHours: 12 }),
    input: z
      .strictObject({
        /** 'wander': W A S D, arrows, Shift, Space, F, V and touch, as documented in README */
        keyboard: z.enum(['wander', 'none']).default('wander'),
        /** 'wander': left stick moves, right stick looks, triggers sprint and fly, as documented in README */
        gamepad: z.enum(['wander', 'none']).default('wander'),
        /** signals that count as a visitor arriving (a proximity sensor, a start button): source/channel globs */
        wake: z.array(z.strictObject({ source: z.string(), channel: z.string() })).default([]),
      })
      .default({ keyboard: 'wander', gamepad: 'wander', wake: [] }),
    mappings: z.array(mappingSchema).default([]),
    /** visitors' phones: the /join page, suggestions under moderation, votes (README "Visitors' phones") */
    phones: phonesConfigSchema,
    conditions: z.strictObject({ fallbacks: fallbacksSchema.default({}) }).optional(),
    /** opening hours: outside them the displays are dark, the speakers silent and the model unloaded */
    schedule: scheduleConfigSchema,
    /** a cue list (show file) and the signals that GO */
    show: showConfigSchema,
    /** the runtime's world transport: how far back a rewind goes */
    transport: transportConfigSchema,
    /** where the runtime keeps what it generates (the console password, the world's checkpoint, bookmarks) */
    stateDir: z.string().default('var'),
    /** crash-resume: the world's state written to <stateDir>/world.checkpoint this often (0: never) and at shutdown */
    checkpoint: z
      .strictObject({
        everySeconds: z.number().min(0).max(3600).default(5),
        /** a bigger state is not written (counted) */
        maxMegabytes: z.number().positive().max(4096).default(256),
      })
      .default({ everySeconds: 5, maxMegabytes: 256 }),
  })
  .superRefine((config, ctx) => {
    uniqueIds(config, ctx);
    config.panorama?.displays.forEach((id, i, all) => {
      const known = config.displays.map((d) => d.id);
      const message = !known.includes(id)
        ? `no display "${id}": the displays are ${known.join(', ')}`
        : all.indexOf(id) !== i
          ? `display "${id}" is in the panorama twice`
          : '';
      if (message) ctx.addIssue({ code: 'custom', path: ['panorama', 'displays', i], input: id, message });
    });
    // an output bound to a device nobody configured would fail silently on every step: refuse the typo here
    const ids = configuredDeviceIds(config);
    config.outputs.forEach((o, i) => {
      if (ids.includes(o.device)) return;
      const known = ids.length
        ? `the configured devices are ${ids.join(', ')}`
        : 'no devices are configured (serial, firmata, osc, ...)';
      ctx.addIssue({
        code: 'custom',
        path: ['outputs', i, 'device'],
        input: o.device,
        message: `no device "${o.device}": ${known}`,
      });
    });
  });

/** the ids of every configured device (a gamepad section with a count names one device per slot) */
function configuredDeviceIds(config: Partial<Record<keyof DeviceKinds, unknown>>): string[] {
  return Object.entries(DEVICE_KINDS).flatMap(([kind, k]) =>
    devicesOf(k, config[kind as keyof DeviceKinds]).map((d) => d.id),
  );
}

export type NacreConfig = z.infer<typeof configSchema>;
