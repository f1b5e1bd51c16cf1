import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scheduleConfigSchema } from './config.ts';
import { loadClosedPicture } from './picture.ts';

it('loads the shipped closed picture', async () => {
  const p = await loadClosedPicture('config/examples/closed.png');
  expect(p).toMatchObject({ type: 'image/png', width: 960, height: 540 });
});

it('refuses a file that is not a picture, or a PNG cut short, with the setting and the reason', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-picture-'));
  await writeFile(join(dir, 'notes.png'), 'not a picture');
  await expect(loadClosedPicture(join(dir, 'notes.png'))).rejects.toThrow(
    /schedule\.closedImage \(.*notes\.png\) is not a picture Nacre can show/,
  );
  const png = await readFile('config/examples/closed.png');
  await writeFile(join(dir, 'cut.png'), png.subarray(0, png.length / 2));
  await expect(loadClosedPicture(join(dir, 'cut.png'))).rejects.toThrow(/is not a picture Nacre can show/);
});

it('the config refuses a closed picture that is missing or not a PNG or JPEG', () => {
  const base = { timezone: 'Europe/Paris', week: {} };
  const missing = scheduleConfigSchema.safeParse({ ...base, closedImage: 'nowhere/closed.png' });
  expect(missing.error?.issues[0]?.message).toMatch(/file not found \(looked for .*nowhere\/closed\.png\)/);
  const gif = scheduleConfigSchema.safeParse({ ...base, closedImage: 'closed.gif' });
  expect(gif.error?.issues[0]?.message).toMatch(/a PNG or JPEG/);
});
