/// <reference lib="dom" />
/**
 * Visitors' phones in real headless Chromium: the display page's QR code (decoded with zbarimg from a
 * screenshot) leads to /join; the phone page at 360 px in English and French; a suggestion approved in the
 * console reaches the model, a blocked one (fullwidth, zero-width) does not.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

const run = promisify(execFile);
let runtime: Runtime;
let url: string;
let browser: Browser;
let dir: string;

/** the text of the QR code(s) zbarimg finds in a page's screenshot */
async function decodeQr(page: Page, name: string): Promise<string> {
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  const { stdout } = await run('zbarimg', ['--raw', '-q', file]).catch((err: { stdout?: string }) => ({
    stdout: err.stdout ?? '',
  }));
  return stdout.trim();
}

/** a phone: Chromium with a 360 px wide touch screen, in the given language */
async function phone(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
  });
  const page = await context.newPage();
  await page.goto(`${url}/join`);
  return { context, page };
}

const history = () => runtime.commands.history();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-phones-'));
  const blocklist = join(dir, 'blocklist.txt');
  await writeFile(blocklist, '# the exhibit will not take these\nblizzard\nburn it down\n');
  ({ runtime, url } = await startRuntime({
    phones: {
      enabled: true,
      suggestions: ['a starry night'],
      moderation: { blocklist, cooldownSeconds: 0, perMinute: 30 },
    },
  }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('join by QR code', () => {
  it('the display page shows the join address as a QR code: large while nobody is there, in a corner during a visit', async () => {
    const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await display.goto(`${url}/display/main`);
    const qr = display.locator('#join-qr');
    await until(
      async () => (await qr.isVisible()) && (await qr.evaluate((i: HTMLImageElement) => i.naturalWidth > 0)),
      'the QR code drawn',
    );
    expect(await qr.getAttribute('class')).toBe('large');
    expect(await decodeQr(display, 'attract')).toBe(`${url}/join`);

    await display.keyboard.press('KeyW'); // a visitor arrives
    await until(async () => (await qr.getAttribute('class')) === 'corner', 'the QR code in its corner');
    const corner = await qr.boundingBox();
    expect(corner!.width).toBeLessThan(120);
    expect(corner!.x).toBeGreaterThan(1100);
    expect(await decodeQr(display, 'visit')).toBe(`${url}/join`);
    await display.close();
  });

  it('the console shows the same QR code', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/console`);
    await page.fill('#password', PASSWORD);
    await page.click('#login button');
    await until(async () => page.locator('#phones-qr').isVisible(), 'the QR code in the console');
    await until(
      async () => (await page.locator('#phones-qr').evaluate((i: HTMLImageElement) => i.naturalWidth)) > 0,
      'loaded',
    );
    expect(await decodeQr(page, 'console')).toBe(`${url}/join`);
    await page.close();
  });

  it('the phone page fits a 360 px phone, gives an anonymous number for the day, in English or French', async () => {
    const en = await phone('en-GB');
    await until(
      async () => (await en.page.locator('#who').textContent())?.match(/^You are phone \d+ today\.$/),
      'welcome',
    );
    expect(await en.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await en.page.locator('#presets button').allTextContents()).toEqual(['a starry night']);
    const token = await en.page.evaluate(() => localStorage.getItem('nacre-phone'));
    const number = await en.page.locator('#who').textContent();
    await en.page.reload(); // the same phone stays the same number for the day
    await until(async () => (await en.page.locator('#who').textContent()) === number, 'the same number after a reload');
    expect(await en.page.evaluate(() => localStorage.getItem('nacre-phone'))).toBe(token);
    await en.context.close();

    const fr = await phone('fr-FR');
    await until(
      async () => (await fr.page.locator('#who').textContent())?.startsWith('Vous êtes le téléphone'),
      'bienvenue',
    );
    expect(await fr.page.locator('h1').textContent()).toBe('Dirigez le monde');
    expect(await fr.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await fr.page.selectOption('#language', 'en');
    await until(async () => (await fr.page.locator('h1').textContent()) === 'Direct the world', 'switched to English');
    await fr.context.close();
  });
});

describe('suggest with moderation', () => {
  it('a suggestion waits in the console queue; approved, it reaches the model and the log says which phone', async () => {
    const { context, page } = await phone('en-US');
    await until(async () => (await page.locator('#who').textContent())?.startsWith('You are phone'), 'welcome');
    const phoneNumber = (await page.locator('#who').textContent())!.match(/\d+/)![0];
    await page.fill('#suggestion', 'a golden sunset over the hills');
    await page.tap('#suggest-form button');
    await until(
      async () => (await page.locator('#status').textContent())?.includes('the operator will look'),
      'queued',
    );
    expect((await status(url)).model.style).not.toBe('sunset');

    const console = await browser.newPage();
    await console.goto(`${url}/console`);
    await console.fill('#password', PASSWORD);
    await console.click('#login button');
    const item = console.locator('#phones-queue li', { hasText: `phone ${phoneNumber}` });
    await until(
      async () => (await item.locator('input').inputValue()) === 'a golden sunset over the hills',
      'the queue',
    );
    await item.locator('button.approve').click();

    await until(async () => (await status(url)).model.style === 'sunset', 'the sunset style from the phone');
    const entry = history().at(-1)!;
    expect(entry).toMatchObject({
      text: 'a golden sunset over the hills',
      accepted: true,
      from: `phone ${phoneNumber}, approved`,
    });
    await until(
      async () => (await console.locator('#instructions').textContent())?.includes(`phone ${phoneNumber}, approved`),
      'console log',
    );
    await until(async () => (await page.locator('#status').textContent())?.includes('on its way'), 'the phone told');
    await console.close();
    await context.close();
  });

  it('a blocked suggestion, fullwidth or with zero-width characters, never reaches the queue or the model', async () => {
    const { context, page } = await phone('fr-FR');
    await until(async () => (await page.locator('#who').textContent())?.startsWith('Vous'), 'bienvenue');
    const before = history().length;
    for (const text of ['ｂｌｉｚｚａｒｄ now', 'a bliz\u200bzard', 'Burn it\u200d DOWN']) {
      await page.fill('#suggestion', text);
      await page.tap('#suggest-form button');
      await until(
        async () => (await page.locator('#status').textContent())?.includes('ne peut pas être utilisée'),
        `${text} refused`,
      );
      await page.locator('#status').evaluate((el) => (el.textContent = ''));
    }
    const s = await status(url);
    expect(s.phones?.suggestions.blocked).toBe(3);
    expect(s.phones?.queue).toBe(0);
    expect(history().length).toBe(before);
    expect(s.model.style).not.toBe('snow');
    await context.close();
  });

  it('in automatic mode a suggestion that passes the filters goes straight to the model', async () => {
    // the operator switches to automatic mode in the console
    const console = await browser.newPage();
    await console.goto(`${url}/console`);
    await console.fill('#password', PASSWORD);
    await console.click('#login button');
    await console.locator('#phones-auto').check();
    await until(() => runtime.phones!.mode === 'auto', 'automatic mode');
    const { context, page } = await phone('en-US');
    await until(async () => (await page.locator('#presets button').count()) === 1, 'welcome');
    await page.tap('#presets button'); // the exhibit's own suggestion: "a starry night"
    await until(async () => (await status(url)).model.style === 'night', 'the night style');
    expect(history().at(-1)).toMatchObject({
      text: 'a starry night',
      accepted: true,
      from: expect.stringMatching(/^phone \d+$/),
    });
    expect(await page.locator('#status').textContent()).toBe('Sent to the world!');
    await console.locator('#phones-auto').uncheck();
    await until(() => runtime.phones!.mode === 'operator', 'operator mode again');
    expect((await status(url)).phones?.mode).toBe('operator');
    await console.close();
    await context.close();
  });
});
