import { describe, expect, it } from 'vitest';
import { cameraDeviceSchema } from '../drivers/camera/config.ts';
import { CameraHub } from './cameras.ts';
import { silentLogger } from './core/log.ts';
import type { Signal } from './core/signals.ts';

function rig() {
  const calls: string[] = [];
  const cameras = [
    cameraDeviceSchema.parse({
      id: 'door',
      source: { file: 'x.mp4' },
      snapshot: { trigger: [{ source: 'firmata:*', channel: 'photo' }] },
    }),
    cameraDeviceSchema.parse({ id: 'ceiling', source: { file: 'y.mp4' }, wakes: false }),
  ];
  const hub = new CameraHub(
    cameras,
    {
      snapshot: async (id) => void calls.push(`snapshot ${id}`),
      presence: (s, here) => calls.push(`presence ${s} ${here}`),
    },
    silentLogger(),
  );
  const send = (source: string, channel: string, value: Signal['value']) =>
    hub.signal({ source, channel, value, t: 0 });
  return { hub, calls, send };
}

describe('CameraHub', () => {
  it('a trigger takes one snapshot when it turns on, not while it is held', () => {
    const { calls, send } = rig();
    send('firmata:panel', 'photo', true);
    send('firmata:panel', 'photo', true);
    send('firmata:panel', 'photo', false);
    send('firmata:panel', 'photo', 1);
    send('serial:x', 'photo', true);
    expect(calls).toEqual(['snapshot door', 'snapshot door']);
  });

  it('presence holds a visit only for cameras that wake, and a lost camera lets go', () => {
    const { hub, calls, send } = rig();
    send('camera:door', 'presence', true);
    send('camera:ceiling', 'presence', true);
    hub.sourceLost('camera:door');
    expect(calls).toEqual(['presence camera:door true', 'presence camera:door false']);
  });

  it('a snapshot from a camera that is not configured says which are', async () => {
    const { hub } = rig();
    await expect(hub.snapshot('lobby')).rejects.toThrow(/no camera "lobby"; configured: door, ceiling/);
  });

  it('reconfigured by a reload: new triggers and cameras, a gone camera lets its visitor go', async () => {
    const { hub, calls, send } = rig();
    send('camera:door', 'presence', true);
    hub.reconfigure([
      cameraDeviceSchema.parse({
        id: 'lobby',
        source: { file: 'z.mp4' },
        snapshot: { trigger: [{ source: 'osc:*', channel: '/snap' }] },
      }),
    ]);
    expect(calls).toEqual(['presence camera:door true', 'presence camera:door false']);
    send('firmata:panel', 'photo', true); // the door's trigger went with it
    send('osc:desk', '/snap', true);
    send('camera:door', 'presence', true); // no longer a camera that wakes
    send('camera:lobby', 'presence', true);
    expect(calls.slice(2)).toEqual(['snapshot lobby', 'presence camera:lobby true']);
    expect(hub.ids).toEqual(['lobby']);
    await expect(hub.snapshot('door')).rejects.toThrow(/no camera "door"; configured: lobby/);
  });
});
