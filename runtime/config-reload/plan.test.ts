import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { planReload } from './plan.ts';

const base = {
  displays: [{ id: 'main' }],
  session: { mode: 'wander', idleSeconds: 60 },
  osc: { udp: { port: 9000 } },
  serial: [{ id: 'dial', path: '/dev/ttyUSB0', baudRate: 9600 }],
  mappings: [{ from: { source: 'osc:*', channel: '/x' }, to: 'move.x' }],
};
const config = (over: Record<string, unknown> = {}) => configSchema.parse({ ...base, ...over });

describe('planReload: a new config file against the running one, section by section', () => {
  it('the same file changes nothing', () => {
    const plan = planReload(config(), config());
    expect(plan).toMatchObject({ live: [], restart: [], devices: { added: [], removed: [], changed: [] } });
  });

  it('mappings, input and fallbacks are applied live as one change', () => {
    const mappings = [{ from: { source: 'osc:*', channel: '/y' }, to: 'look.yaw' }];
    const plan = planReload(config(), config({ mappings, input: { keyboard: 'none' } }));
    expect(plan.live).toEqual(['mappings']);
    expect(plan.restart).toEqual([]);
    expect(plan.config.mappings[0]?.to).toBe('look.yaw');
    expect(plan.config.input.keyboard).toBe('none');
  });

  it('session timings are live; a change of mode waits for a restart and keeps the running session', () => {
    expect(planReload(config(), config({ session: { mode: 'wander', idleSeconds: 5 } })).live).toEqual(['session']);
    const plan = planReload(config(), config({ session: { mode: 'direct' } }));
    expect(plan.live).toEqual([]);
    expect(plan.restart).toEqual(['session']);
    expect(plan.config.session.mode).toBe('wander');
  });

  it('devices: only the added, removed and changed ones; the osc section is its device', () => {
    const next = config({
      osc: { udp: { port: 9001 } },
      serial: [],
      firmata: [{ id: 'board', path: '/dev/ttyACM0' }],
    });
    const plan = planReload(config(), next);
    expect(plan.live).toEqual(['devices']);
    expect(plan.devices.added.map((d) => [d.kind, d.config.id])).toEqual([['firmata', 'board']]);
    expect(plan.devices.removed).toEqual(['dial']);
    expect(plan.devices.changed.map((d) => [d.kind, d.config.id])).toEqual([['osc', 'osc']]);
    expect(plan.config.osc?.udp.port).toBe(9001);
  });

  it('a device that keeps its id but changes kind is removed and added', () => {
    const plan = planReload(config(), config({ serial: [], firmata: [{ id: 'dial', path: '/dev/ttyACM0' }] }));
    expect(plan.devices).toMatchObject({ removed: ['dial'], changed: [] });
    expect(plan.devices.added.map((d) => d.kind)).toEqual(['firmata']);
  });

  it('cameras are devices: added, removed and reopened like the others', () => {
    const door = { id: 'door', source: { device: '/dev/video0' } };
    const running = config({ cameras: [door] });
    const plan = planReload(
      running,
      config({
        cameras: [
          { ...door, wakes: false },
          { ...door, id: 'hall' },
        ],
      }),
    );
    expect(plan.live).toEqual(['devices']);
    expect(plan.restart).toEqual([]);
    expect(plan.devices.changed.map((d) => [d.kind, d.config.id])).toEqual([['cameras', 'door']]);
    expect(plan.devices.added.map((d) => [d.kind, d.config.id])).toEqual([['cameras', 'hall']]);
    expect(planReload(running, config()).devices.removed).toEqual(['door']);
  });

  it("phones.moderation is live where phones run; the phones section's other settings wait for a restart", () => {
    const phones = (over: Record<string, unknown> = {}) => ({ enabled: true, ...over });
    const running = config({ phones: phones() });
    const stricter = planReload(running, config({ phones: phones({ moderation: { perMinute: 1, mode: 'auto' } }) }));
    expect(stricter.live).toEqual(['moderation']);
    expect(stricter.restart).toEqual([]);
    expect(stricter.config.phones.moderation).toMatchObject({ perMinute: 1, mode: 'auto' });

    const both = planReload(
      running,
      config({ phones: phones({ moderation: { maxLength: 40 }, voteOnDisplay: true }) }),
    );
    expect(both.live).toEqual(['moderation']);
    expect(both.restart).toEqual(['phones']);
    expect(both.config.phones).toMatchObject({ voteOnDisplay: false, moderation: { maxLength: 40 } });

    // phones off: nothing runs to take it, so it waits like the rest
    const off = planReload(config(), config({ phones: { moderation: { maxLength: 40 } } }));
    expect(off).toMatchObject({ live: [], restart: ['phones'] });
    expect(off.config.phones.moderation.maxLength).toBe(120);
  });

  it('the model, the HTTP port, TLS and displays are reported as needing a restart and not taken over', () => {
    const running = config();
    const next = config({
      model: { path: 'models/other' },
      http: { port: 8090, tls: { cert: 'c.pem', key: 'k.pem' } },
      displays: [{ id: 'main' }, { id: 'side' }],
      mappings: [],
    });
    const plan = planReload(running, next);
    expect(plan.live).toEqual(['mappings']);
    expect(plan.restart.sort()).toEqual(['displays', 'http', 'model']);
    expect(plan.config.model).toEqual(running.model);
    expect(plan.config.http).toEqual(running.http);
    expect(plan.config.displays).toEqual(running.displays);
    expect(plan.config.mappings).toEqual([]);
  });
});
