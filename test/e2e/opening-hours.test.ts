/** Opening hours on a fake clock against a whole runtime: dark and unloaded when closed, warm before opening. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { PASSWORD, status, until } from './harness.ts';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toMillis();
let now = at('2026-12-01T08:00'); // a Tuesday, before opening
let runtime: Runtime;
let url: string;

beforeAll(async () => {
  const config = configSchema.parse({
    http: { port: 0, host: '127.0.0.1' },
    model: { path: 'models/default-320x180' },
    displays: [{ id: 'main' }],
    console: { password: PASSWORD },
    stateDir: await mkdtemp(join(tmpdir(), 'nacre-state-')),
    schedule: { timezone: 'Europe/Paris', week: { tue: ['10:00-18:00'] }, warmUpMinutes: 10 },
  });
  runtime = new Runtime(config, silentLogger(), () => now);
  url = (await runtime.start(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await runtime?.close();
});

const evaluate = async (iso: string) => {
  now = at(iso);
  await runtime.hours!.evaluate();
  return status(url);
};

it('closed: dark, silent, model unloaded; warming up before opening; open; closed again', async () => {
  let s = await status(url);
  expect(s.schedule).toMatchObject({ state: 'closed', nextChange: '2026-12-01T10:00:00+01:00' });
  expect(s.blackout).toBe(true);
  expect(s.model.state).toBe('unloaded');

  s = await evaluate('2026-12-01T09:51');
  expect(s.schedule?.state).toBe('warming');
  expect(s.blackout).toBe(true);
  expect(s.model.state).toBe('running');
  const before = s.model.steps;
  await until(async () => (await status(url)).model.steps > before + 5, 'the model stepping behind the dark');

  s = await evaluate('2026-12-01T10:00');
  expect(s.schedule?.state).toBe('open');
  expect(s.blackout).toBe(false);

  s = await evaluate('2026-12-01T18:00');
  expect(s.schedule?.state).toBe('closed');
  expect(s.blackout).toBe(true);
  expect(s.model.state).toBe('unloaded');
});

it('open now holds until the next scheduled change, then the schedule rules again', async () => {
  now = at('2026-12-01T20:00');
  await runtime.hours!.openNow();
  let s = await status(url);
  expect(s.schedule).toMatchObject({ state: 'open', override: 'open' });
  expect(s.model.state).toBe('running');
  expect(s.blackout).toBe(false);
  // the next scheduled change is next Tuesday's opening: the override ends there, and it is open anyway
  s = await evaluate('2026-12-08T10:00');
  expect(s.schedule).toEqual(expect.objectContaining({ state: 'open' }));
  expect(s.schedule?.override).toBeUndefined();
  await runtime.hours!.closeNow();
  s = await status(url);
  expect(s.schedule).toMatchObject({ state: 'closed', override: 'closed' });
  expect(s.model.state).toBe('unloaded');
});
