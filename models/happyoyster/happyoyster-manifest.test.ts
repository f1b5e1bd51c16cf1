/** The HappyOyster backend's manifest entry and its mapping of controls. */
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../backends.ts';
import { heldCommand, rotation, translation } from './controls.ts';
import { happyOysterSchema } from './spec.ts';
import { folder } from './happyoyster-fixtures.ts';

describe('HappyOyster manifest and controls', () => {
  it('checks the happyoyster entry: where the service is, worlds or a build, the budget', () => {
    const bad = (v: Record<string, unknown>) =>
      happyOysterSchema.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad({ mode: 'adventure', worlds: ['enc_1'] })).toEqual([
      'baseUrl: give "region" and "workspace", or "baseUrl"',
    ]);
    expect(bad({ mode: 'adventure', baseUrl: 'http://127.0.0.1:1' })).toEqual([
      'worlds: give pre-built "worlds" or a "build"',
    ]);
    expect(
      bad({ mode: 'adventure', baseUrl: 'http://127.0.0.1:1', worlds: ['enc_1'], maxExperienceTimeSec: 100 })?.[0],
    ).toMatch(/^maxExperienceTimeSec/);
    expect(
      bad({ mode: 'directing', region: 'us-east-1', workspace: 'ws-1', worlds: ['enc_1'], key: 'sk-in-the-file' })?.[0],
    ).toMatch(/Unrecognized key/);
    expect(
      bad({ mode: 'directing', region: 'ap-southeast-1', workspace: 'ws-1', worldPerVisit: true, worlds: ['enc_1'] }),
    ).toEqual(['worldPerVisit: a world per visit needs "build"']);
  });

  it('is the backend of a folder with a happyoyster entry', async () => {
    expect(
      (await chooseBackend(folder({ mode: 'adventure', baseUrl: 'http://127.0.0.1:1', worlds: ['enc_1'] }))).kind,
    ).toBe('happyoyster');
  });

  it('maps move and look to 8 ways each, verbs to interaction', () => {
    expect([translation([0, 1]), translation([0, -1]), translation([-1, 0]), translation([1, 0])]).toEqual([
      'Front',
      'Back',
      'Left',
      'Right',
    ]);
    expect([
      translation([-0.7, 0.7]),
      translation([0.7, 0.7]),
      translation([-0.7, -0.7]),
      translation([0.7, -0.7]),
    ]).toEqual(['Front_Left', 'Front_Right', 'Back_Left', 'Back_Right']);
    expect(translation([0.1, 0.1])).toBe('None');
    expect([rotation([0, 1]), rotation([0, -1]), rotation([-1, 0]), rotation([1, 0])]).toEqual([
      'Mouse_Up',
      'Mouse_Down',
      'Mouse_Left',
      'Mouse_Right',
    ]);
    expect([rotation([-1, 1]), rotation([1, 1]), rotation([-1, -1]), rotation([1, -1])]).toEqual([
      'Mouse_Up_Left',
      'Mouse_Up_Right',
      'Mouse_Down_Left',
      'Mouse_Down_Right',
    ]);
    const verbs = { jump: 'Jump', sprint: 'Sprint' };
    expect(heldCommand({ move: [0, 1], look: [0, 0], actions: { jump: true } }, verbs)).toEqual({
      translation: 'Front',
      rotation: 'None',
      interaction: 'Jump',
    });
    expect(heldCommand({ move: [0, 0], look: [0, 0], actions: { jump: false, open_door: 1 } }, verbs).interaction).toBe(
      'open_door',
    );
  });
});
