/// <reference lib="dom" />
/**
 * The show panel's cue editor in real Chromium: a cue's name and pre-wait edited and saved, the file on disk
 * changed with its comments kept, GO runs the edited cue; an invalid edit is shown next to its field and the
 * file stays as it was; a file changed on disk since the console opened it is not overwritten; a viewer reads
 * the cues and saves nothing.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import type { ShowDraft } from '../../runtime/show/editor.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

const SHOW = `# the rehearsal show: keep this comment
cues:
  - number: 1
    name: Walk in
    actions:
      - { set: move, value: [0, 0.5] } # a slow walk
  - { number: 2, name: Stop, actions: [{ release: all }] }
`;

let runtime: Runtime;
let url: string;
let file: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  file = join(await mkdtemp(join(tmpdir(), 'nacre-show-edit-')), 'show.yaml');
  await writeFile(file, SHOW);
  ({ runtime, url } = await startRuntime({
    session: { mode: 'direct' },
    input: { keyboard: 'none', gamepad: 'none' },
    show: { file },
  }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
  await page.goto(`${url}/console`);
  await page.fill('#password', PASSWORD);
  await page.click('#login button');
  await page.waitForSelector('#show-panel:not([hidden])');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

const row = (n: string) => page.locator(`#cues tr[data-number="${n}"]`);

it("edits a cue's name and pre-wait, saves the file with its comments, and GO runs the edited cue", async () => {
  await row('1').locator('button[data-act="edit"]').click();
  await page.waitForSelector('#cue-form:not([hidden])');
  expect(await page.inputValue('#cue-field-name')).toBe('Walk in');
  expect(await page.inputValue('#cue-field-actions')).toContain('# a slow walk');
  await page.fill('#cue-field-name', 'Walk in slowly');
  await page.fill('#cue-field-preWait', '3');
  await page.click('#cue-save');
  await until(async () => (await page.textContent('#cue-form-message'))?.startsWith('saved'), 'saved');
  expect(await page.textContent('#cue-form-message')).toBe('saved: changed cue 1: name, preWait');

  const text = await readFile(file, 'utf8');
  expect(text).toContain('# the rehearsal show: keep this comment');
  expect(text).toContain('# a slow walk');
  expect(text).toMatch(/name: Walk in slowly\n\s+preWait: 3\n/);
  // the running show took it, and the audit log says who changed which cue
  await until(async () => (await status(url)).show?.cues[0]?.name === 'Walk in slowly', 'the show reloaded');
  expect((await status(url)).show?.cues[0]?.preWait).toBe(3);
  await until(async () => (await page.textContent('#audit'))?.includes('changed cue 1: name, preWait'), 'audited');

  await page.click('#cue-go');
  await until(async () => (await row('1').textContent())?.includes('pre-wait'), 'cue 1 in its pre-wait');
  expect(await row('1').textContent()).toContain('Walk in slowly');
  await until(async () => (await status(url)).conditions.move[1] === 0.5, 'cue 1 acted after its pre-wait');
  expect(runtime.show!.cuePlayer!.fired.map((f) => f.number)).toEqual(['1']);
});

it('an invalid edit is shown next to its field and the file stays as it was', async () => {
  const before = await readFile(file, 'utf8');
  await row('2').locator('button[data-act="edit"]').click();
  await until(async () => (await page.inputValue('#cue-field-name')) === 'Stop', 'cue 2 open');
  await page.fill('#cue-field-preWait', '-1');
  await page.fill('#cue-field-actions', '- { jump: high }\n');
  await page.click('#cue-save');
  await until(async () => await page.textContent('#cue-field-preWait-error'), 'the pre-wait error');
  expect(await page.textContent('#cue-field-preWait-error')).toMatch(/at least 0/);
  expect(await page.textContent('#cue-field-actions-error')).toMatch(/^line 1, column \d+: action 0/);
  expect(await page.textContent('#cue-form-message')).toMatch(/nothing was saved/);
  expect(await readFile(file, 'utf8')).toBe(before);
});

it('a file changed on disk since the console opened it is not overwritten', async () => {
  await row('2').locator('button[data-act="edit"]').click();
  await until(async () => (await page.inputValue('#cue-field-preWait')) === '0', 'cue 2 opened again');
  const edited = (await readFile(file, 'utf8')).replace('name: Stop', 'name: Stop here');
  await writeFile(file, edited);
  await page.fill('#cue-field-name', 'From the console');
  await page.click('#cue-save');
  await until(async () => (await page.textContent('#cue-form-message'))?.includes('changed on disk'), 'refused');
  expect(await readFile(file, 'utf8')).toBe(edited);
});

it('adds a cue after one, and deletes it with a second click', async () => {
  await row('1').locator('button[data-act="edit"]').click();
  await until(async () => (await page.inputValue('#cue-field-name')) === 'Walk in slowly', 'cue 1 open');
  await page.click('#cue-add');
  expect(await page.textContent('#cue-form-title')).toBe('New cue');
  await page.fill('#cue-field-number', '1.5');
  await page.fill('#cue-field-name', 'Turn');
  await page.selectOption('#cue-field-continue', 'auto-follow');
  await page.fill('#cue-field-actions', '- { set: look, value: [0.3, 0] }\n');
  await page.click('#cue-save');
  await until(async () => (await page.textContent('#cue-form-message')) === 'saved: added cue 1.5', 'added');
  await until(async () => (await status(url)).show?.cues.map((c) => c.number).join() === '1,1.5,2', 'in the list');
  expect((await status(url)).show?.cues[1]).toMatchObject({ name: 'Turn', continue: 'auto-follow' });
  await until(async () => (await page.textContent('#cue-form-title')) === 'Cue 1.5', 'the new cue open');
  await page.click('#cue-delete');
  await until(async () => /again/.test((await page.textContent('#cue-delete')) ?? ''), 'asked to click again');
  expect((await status(url)).show?.cues).toHaveLength(3);
  await page.click('#cue-delete');
  await until(async () => (await status(url)).show?.cues.map((c) => c.number).join() === '1,2', 'deleted');
  await until(() => page.isHidden('#cue-form'), 'the form closed');
  expect(await readFile(file, 'utf8')).toContain('# a slow walk');
});

it('a viewer opens the cues read-only and may not save', async () => {
  const connect = (auth: Record<string, string>) => {
    const socket: Socket = io(`${url}/console`, { auth, transports: ['websocket'], reconnection: false });
    return new Promise<Socket>((resolve, reject) => {
      socket.on('session', () => resolve(socket));
      socket.on('connect_error', reject);
    });
  };
  const ack = <T>(socket: Socket, event: string, ...args: unknown[]) =>
    socket.timeout(20_000).emitWithAck(event, ...args) as Promise<T>;
  const admin = await connect({ password: PASSWORD });
  expect(await ack(admin, 'accounts:set', { name: 'vic', role: 'viewer', password: 'vic-password' })).toEqual({
    ok: true,
  });
  const vic = await connect({ user: 'vic', password: 'vic-password' });
  try {
    const before = await readFile(file, 'utf8');
    const opened = await ack<{ ok: true; draft: ShowDraft }>(vic, 'show:open');
    expect(opened.draft.cues.map((c) => c.number)).toEqual(['1', '2']);
    const cue = { ...opened.draft.cues[0]!, name: 'not mine to change' };
    expect(await ack(vic, 'show:save', opened.draft.hash, { op: 'update', index: 0, cue })).toEqual({
      ok: false,
      error: 'a viewer may not edit the show',
    });
    expect(await readFile(file, 'utf8')).toBe(before);
  } finally {
    vic.close();
    admin.close();
  }
});
