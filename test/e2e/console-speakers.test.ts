/** The console's speakers panel in real Chromium, on a running exhibit whose speaker plays into real PulseAudio. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { QUAD_SINK, startPulse, type PulseRig } from '../rigs/pulse.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let rig: PulseRig;
let runtime: Runtime;
let url: string;
let browser: Browser;
let page: Page;
const saved = process.env.PULSE_SERVER;

beforeAll(async () => {
  rig = await startPulse({ quad: true });
  process.env.PULSE_SERVER = rig.env.PULSE_SERVER;
  ({ runtime, url } = await startRuntime({ speakers: [{ id: 'quad', device: QUAD_SINK, channels: 4 }] }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/console`);
  await page.fill('#password', PASSWORD);
  await page.click('#login button');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
  await rig?.stop();
  if (saved === undefined) delete process.env.PULSE_SERVER;
  else process.env.PULSE_SERVER = saved;
});

const quad = async () => (await status(url)).speakers?.find((s) => s.id === 'quad');

it("shows each speaker's channels by name; its buttons mute a channel, play a tone or pink noise and the slider sets the level", async () => {
  const row = page.locator('#speakers .speaker[data-id="quad"]');
  await row.waitFor();
  expect(await row.locator('.channel').count()).toBe(4);
  // the sink's own names, read from its channel map once the speaker plays
  await until(
    async () => (await row.locator('.channel[data-channel="2"] .name').textContent()) === 'ch 2 rear-left',
    'channel 2 named rear-left',
  );

  await row.locator('.channel[data-channel="2"] button.mute').click();
  await until(async () => (await quad())?.mutedChannels.includes(2), 'channel 2 muted');
  await until(
    async () => (await row.locator('.channel[data-channel="2"] button.mute').getAttribute('aria-pressed')) === 'true',
    'the panel to show it',
  );

  await row.locator('.channel[data-channel="3"] button.tone.sine').click();
  await until(async () => (await quad())?.tone?.channel === 3, 'a tone on channel 3');
  await row.locator('.channel[data-channel="1"] button.tone.pink').click();
  await until(async () => {
    const tone = (await quad())?.tone;
    return tone?.channel === 1 && tone.kind === 'pink';
  }, 'pink noise on channel 1');
  await until(
    async () => (await row.locator('.channel[data-channel="1"] button.pink').getAttribute('aria-pressed')) === 'true',
    'the panel to show it',
  );

  await row.locator('input.level').fill('-12');
  await until(async () => (await quad())?.level === -12, 'level -12 dB');
  await until(async () => (await row.locator('output.db').textContent()) === '-12.0 dB', 'the panel to show -12 dB');
  if (process.env.SPEAKERS_SHOT) await page.locator('#speakers-panel').screenshot({ path: process.env.SPEAKERS_SHOT });
});
