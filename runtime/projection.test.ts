import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ProjectorOutput } from '../displays/projector/output.ts';
import { displaySchema } from '../displays/projector/schema.ts';
import { silentLogger } from './core/log.ts';
import { Projection } from './projection.ts';

const CORNERS = [
  [0.05, 0.02],
  [0.97, 0],
  [1, 1],
  [0, 0.96],
];

async function exhibit(stateDir: string, mapping?: unknown) {
  const config = displaySchema.parse({ id: 'wall', ...(mapping ? { mapping } : {}) });
  const projector = new ProjectorOutput(config, silentLogger());
  const projection = new Projection([projector], stateDir, silentLogger());
  await projection.load();
  return { projector, projection };
}

describe('projection calibration', () => {
  it('is saved in the state folder and comes back at the next start, over the config’s mapping', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nacre-projection-'));
    const first = await exhibit(dir, { blackLift: 0.02 });
    expect(first.projection.set('wall', { corners: CORNERS, blend: { left: { width: 0.2 } } })).toEqual({ ok: true });
    expect(first.projector.mapping.corners).toEqual(CORNERS);
    await first.projection.flush();
    const saved = JSON.parse(await readFile(join(dir, 'projection', 'wall.json'), 'utf8')) as { mapping: unknown };
    expect(saved.mapping).toMatchObject({ corners: CORNERS });

    const again = await exhibit(dir, { blackLift: 0.02 });
    expect(again.projector.mapping).toMatchObject({ corners: CORNERS, blend: { left: { width: 0.2, gamma: 2.2 } } });
    expect(again.projection.views()[0]).toMatchObject({ id: 'wall', calibrated: true });

    // reset: the config's mapping again, and the file is gone
    expect(await again.projection.reset('wall')).toEqual({ ok: true });
    expect(again.projector.mapping).toMatchObject({ corners: null, blackLift: 0.02 });
    const third = await exhibit(dir, { blackLift: 0.02 });
    expect(third.projection.views()[0]?.calibrated).toBe(false);
  });

  it('refuses a bad mapping with the reason and keeps the one it had', async () => {
    const { projector, projection } = await exhibit(await mkdtemp(join(tmpdir(), 'nacre-projection-')));
    const before = projector.mapping;
    const r = projection.set('wall', { corners: [[0, 0]], blackLift: 3 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^mapping corners/);
    expect(projector.mapping).toBe(before);
    expect(projection.set('nope', {})).toEqual({ ok: false, error: 'no display "nope"' });
    expect(projection.pattern('wall', 'plaid')).toMatchObject({ ok: false });
    expect(projection.pattern('wall', 'grid')).toEqual({ ok: true });
    expect(projector.pattern).toBe('grid');
  });

  it('an unreadable saved file leaves the config’s mapping in place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nacre-projection-'));
    await mkdir(join(dir, 'projection'));
    await writeFile(join(dir, 'projection', 'wall.json'), '{ "mapping": { "corners": "left" } }');
    const { projector, projection } = await exhibit(dir, { blackLift: 0.05 });
    expect(projector.mapping.blackLift).toBe(0.05);
    expect(projection.views()[0]?.calibrated).toBe(false);
  });

  it('exports every display’s mapping as YAML a config takes back', async () => {
    const { projection } = await exhibit(await mkdtemp(join(tmpdir(), 'nacre-projection-')));
    projection.set('wall', { corners: CORNERS });
    const doc = parse(projection.yaml()) as { displays: { id: string; mapping: unknown }[] };
    expect(doc.displays[0]?.id).toBe('wall');
    expect(displaySchema.parse(doc.displays[0]).mapping?.corners).toEqual(CORNERS);
    expect(projection.yaml()).toContain('[ 0.05, 0.02 ]');
  });
});
