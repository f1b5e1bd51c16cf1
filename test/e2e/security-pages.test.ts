/// <reference lib="dom" />
/** Security headers on every page (the pages still work under their CSP, in Chromium) and the Origin allow-list. */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayPageWindow } from '../../displays/projector/page-stats.ts';
import { freePort } from '../helpers/remote.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';
import type { RuntimeHandle } from '../../runtime/runtime.ts';

let handle: RuntimeHandle;
let url: string;
let browser: Browser;
/** two other sites: one the config allows (a separate console PC), one it does not */
let allowed: { server: Server; origin: string };
let stranger: { server: Server; origin: string };

/** a page of another site that opens the kiosk's /display namespace and reports what happened */
async function otherSite(port: number): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><script src="${url}/socket.io/socket.io.js"></script><script>
      const s = io('${url}/display', { query: { id: 'main' }, transports: ['websocket'], reconnection: false });
      s.on('connect', () => (window.outcome = 'connected'));
      s.on('connect_error', (e) => (window.outcome = 'refused: ' + e.message));
    </script>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  const [allowedPort, strangerPort] = [await freePort(), await freePort()];
  ({ handle, url } = await startRuntime({
    http: { port: 0, host: '127.0.0.1', allowedOrigins: [`http://127.0.0.1:${allowedPort}`] },
  }));
  stranger = await otherSite(strangerPort);
  allowed = await otherSite(allowedPort);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  stranger?.server.close();
  allowed?.server.close();
  await handle?.close();
});

/** a page that records every CSP violation it meets */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  return { page, violations };
}

describe('security headers', () => {
  it('every page has CSP, frame, sniffing and referrer headers; no HSTS over plain HTTP', async () => {
    for (const path of ['/', '/console', '/display/main', '/display/nowhere', '/api/status']) {
      const res = await fetch(`${url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('the console logs in and shows status under its CSP, with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${url}/console`);
    await page.fill('#password', PASSWORD);
    await page.click('#login button');
    await until(async () => ((await page.locator('#model').textContent()) ?? '').includes('steps'), 'model status');
    await until(() => page.evaluate(() => document.querySelectorAll('#conditions dt').length > 0), 'conditions');
    expect(await page.locator('#who').textContent()).toBe('admin (admin)');
    await until(
      async () => ((await page.locator('#audit').textContent()) ?? '').includes('admin (admin): login'),
      'audit',
    );
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('the display page draws frames under its CSP, with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${url}/display/main`);
    const drawn = () => page.evaluate(() => (window as unknown as DisplayPageWindow).nacreDisplay.drawn);
    await until(async () => (await drawn()) > 5, 'frames drawn');
    expect(await violations()).toEqual([]);
    await page.close();
  });
});

describe('Socket.IO origin allow-list', () => {
  const outcome = async (origin: string) => {
    const page = await browser.newPage();
    await page.goto(origin);
    const result = await until(
      () => page.evaluate(() => (window as unknown as { outcome?: string }).outcome),
      `the page of ${origin} to connect or be refused`,
    );
    await page.close();
    return result;
  };

  it('a page of another site is refused on /display, one of an allowed origin connects', async () => {
    expect(await outcome(stranger.origin)).toMatch(/^refused/);
    expect(await outcome(allowed.origin)).toBe('connected');
  });

  it('a client naming a foreign Origin is refused on every namespace; one without Origin reaches the checks', async () => {
    const attempt = (nsp: string, headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const s = io(`${url}${nsp}`, {
          transports: ['websocket'],
          reconnection: false,
          extraHeaders: headers,
          auth: { password: PASSWORD },
          query: { id: 'main' },
        });
        s.on('connect', () => (s.close(), resolve('connected')));
        s.on('connect_error', (e) => (s.close(), resolve(`refused: ${e.message}`)));
      });
    for (const nsp of ['/display', '/console']) {
      expect(await attempt(nsp, { origin: 'http://evil.example' })).toMatch(/^refused/);
      expect(await attempt(nsp, { origin: url })).toBe('connected');
      expect(await attempt(nsp, {})).toBe('connected');
    }
  });
});
