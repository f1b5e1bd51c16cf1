/**
 * Finding cameras. No V4L2 device exists on this host (vivid runs only in the QEMU guest), so devices are
 * found in a fake /dev and /sys laid out as the kernel and udev make them for a UVC camera.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverSource, listV4l2Devices, type Roots } from './discover.ts';
import { still } from '../../test/rigs/mjpeg.ts';

let root: string;
let roots: Roots;
const byId = (name: string) => join(roots.dev, 'v4l/by-id', name);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nacre-v4l-'));
  roots = { dev: join(root, 'dev'), sys: join(root, 'sys') };
  await mkdir(join(roots.dev, 'v4l/by-id'), { recursive: true });
  const nodes = [
    ['video0', 'HD Pro Webcam C920', '0'],
    ['video1', 'HD Pro Webcam C920', '1'],
    ['video2', 'Dummy video device (0x0000)', '0'],
  ] as const;
  for (const [node, name, index] of nodes) {
    await writeFile(join(roots.dev, node), '');
    await mkdir(join(roots.sys, 'class/video4linux', node), { recursive: true });
    await writeFile(join(roots.sys, 'class/video4linux', node, 'name'), `${name}\n`);
    await writeFile(join(roots.sys, 'class/video4linux', node, 'index'), `${index}\n`);
  }
  await symlink('../../video0', byId('usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-video-index0'));
  await symlink('../../video1', byId('usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-video-index1'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('V4L2 discovery', () => {
  it("lists capture nodes by their stable by-id link, with the driver's name", async () => {
    expect(await listV4l2Devices(roots)).toEqual([
      {
        id: byId('usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-video-index0'),
        path: join(roots.dev, 'video0'),
        label: 'HD Pro Webcam C920',
      },
      { id: join(roots.dev, 'video2'), path: join(roots.dev, 'video2'), label: 'Dummy video device (0x0000)' },
    ]);
  });

  it('resolves a configured by-id link to the /dev/videoN it points at now', async () => {
    const link = byId('usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-video-index0');
    const [found] = await discoverSource({ device: link }, roots);
    expect(found).toMatchObject({ id: link, label: 'HD Pro Webcam C920' });
    expect(found!.path).toMatch(/\/dev\/video0$/);
  });

  it('a configured /dev/videoN is identified by its by-id link, or flagged as unstable', async () => {
    expect((await discoverSource({ device: join(roots.dev, 'video0') }, roots))[0]!.id).toBe(
      byId('usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-video-index0'),
    );
    expect((await discoverSource({ device: join(roots.dev, 'video2') }, roots))[0]!.label).toMatch(
      /unstable name: configure its \/dev\/v4l\/by-id link/,
    );
  });

  it('a camera that is not plugged in is not found', async () => {
    expect(await discoverSource({ device: byId('usb-absent-video-index0') }, roots)).toEqual([]);
  });

  it('this host: no V4L2 devices, and no error for it', async () => {
    await expect(listV4l2Devices()).resolves.toBeInstanceOf(Array);
  });
});

describe('URL and file sources', () => {
  it('a URL is always present, identified without its credentials', async () => {
    expect(await discoverSource({ url: 'rtsp://admin:secret@10.0.0.7/s1' })).toEqual([
      { id: 'rtsp://10.0.0.7/s1', path: 'rtsp://admin:secret@10.0.0.7/s1', label: 'rtsp://10.0.0.7/s1' },
    ]);
  });

  it('a file is present if it exists', async () => {
    expect(await discoverSource({ file: still, loop: true, realtime: true })).toEqual([
      { id: still, path: still, label: 'astronaut.png' },
    ]);
    expect(await discoverSource({ file: '/srv/none.mp4', loop: true, realtime: true })).toEqual([]);
  });
});
