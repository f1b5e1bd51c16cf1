import { z } from 'zod';
import { DEVICE_KINDS, deviceConfigShape, type DeviceKinds } from '../drivers/registry.ts';
import { outputBindingSchema } from '../runtime/output-bindings.ts';
import { displaySchema } from '../displays/projector/output.ts';
import { speakerSchema } from '../displays/speaker/output.ts';
import { mappingSchema } from '../runtime/mapping/mapping.ts';
import { sessionConfigSchema } from '../runtime/session/config.ts';
import { phonesConfigSchema } from '../runtime/phones/config.ts';

/** An exhibit's configuration: each part owns its schema; this file only puts them together. */
export const configSchema = z
  .strictObject({
    http: z
      .strictObject({
        port: z.number().int().min(0).max(65535).default(8080),
        /** 0.0.0.0 so projector PCs on the exhibit network can open /display/<id> */
        host: z.string().default('0.0.0.0'),
      })
      .default({ port: 8080, host: '0.0.0.0' }),
    model: z
      .strictObject({
        path: z.string().default('models/default'),
        provider: z.enum(['cpu', 'cuda', 'tensorrt']).default('cpu'),
        threads: z.number().int().positive().optional(),
        /** 0: the lowest motion-to-photon (a step is asked for with the newest input and shown as soon as it is
         *  made); 1: the next step is computed while this one is shown (more steps/s when the model is slower than its fps) */
        lookahead: z.union([z.literal(0), z.literal(1)]).default(0),
        /** a model folder run while this one cannot (its server down, a service refusing): e.g. models/default */
        fallback: z.string().optional(),
      })
      .default({ path: 'models/default', provider: 'cpu', lookahead: 0 }),
    session: sessionConfigSchema.default(sessionConfigSchema.parse({})),
    displays: z
      .array(displaySchema)
      .min(1, 'at least one display')
      .refine((ds) => new Set(ds.map((d) => d.id)).size === ds.length, 'display ids must be unique'),
    speakers: z.array(speakerSchema).default([]),
    /** every kind of device (OSC, serial, Firmata, cameras, gamepads): drivers/registry.ts */
    ...deviceConfigShape,
    /** device outputs that follow the session or a condition (a start button's LED, a relay) */
    outputs: z.array(outputBindingSchema).default([]),
    console: z.strictObject({ password: z.string().min(8, 'at least 8 characters').optional() }).default({}),
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
    conditions: z.strictObject({ fallbacks: z.record(z.string(), z.unknown()).default({}) }).optional(),
    /** where the runtime keeps what it generates (the console password) */
    stateDir: z.string().default('var'),
  })
  .superRefine((config, ctx) => {
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
  return Object.entries(DEVICE_KINDS).flatMap(([kind, k]) => {
    // the section was parsed by this kind's own schema (deviceConfigShape above), so it is what devices() takes
    const devices = k.devices as (section: unknown) => { id: string }[];
    return devices(config[kind as keyof DeviceKinds]).map((d) => d.id);
  });
}

export type NacreConfig = z.infer<typeof configSchema>;
