/** Fixtures shared by the loader's tests (loader-*.test.ts): a small exhibit schema, valid YAML and refusals. */
import { z } from 'zod';
import { ConfigError, parseConfigText, type ConfigProblem } from './loader.ts';

export const exhibitSchema = z.strictObject({
  http: z.strictObject({
    port: z.number().int().min(1).max(65535),
    host: z.string().default('0.0.0.0'),
  }),
  model: z.strictObject({
    path: z.string(),
    provider: z.enum(['cpu', 'cuda', 'tensorrt']),
    lookahead: z.union([z.literal(0), z.literal(1)]).default(1),
  }),
  session: z.strictObject({ idleSeconds: z.number().positive() }).default({ idleSeconds: 60 }),
  displays: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), width: z.number().int().positive().optional() }))
    .min(1, 'at least one display'),
  inputs: z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('osc'), port: z.number() }),
        z.strictObject({ type: z.literal('gamepad') }),
      ]),
    )
    .default([]),
});

/** YAML from lines, so each test reads with its line numbers. */
export const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

export const valid = [
  'http:', //              1
  '  port: 8080', //       2
  'model:', //             3
  '  path: models/walk', //4
  '  provider: cuda', //   5
  'displays:', //          6
  '  - id: left', //       7
  '    width: 1920', //    8
  '  - id: right', //      9
];

export function refusal(text: string, file = 'exhibit.yaml'): ConfigError {
  try {
    parseConfigText(text, file, exhibitSchema);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the config was accepted');
}

export const problems = (text: string): ConfigProblem[] => refusal(text).problems;
