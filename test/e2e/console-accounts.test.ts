/// <reference lib="dom" />
/**
 * The console's accounts panel in real Chromium: an admin adds an operator, who logs in on a second page and
 * does not see the panel; a role change or a removal logs that account out at once; a short password is
 * refused with the server's reason; an admin removing their own account is asked to confirm.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let admin: Page;

async function logIn(user: string, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
  await page.goto(`${url}/console`);
  if (user !== 'admin') await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('#login button');
  await page.waitForSelector('#app:not([hidden])');
  return page;
}

const row = (page: Page, name: string) => page.locator(`#accounts tr[data-name="${name}"]`);

async function addAccount(page: Page, name: string, role: string, password: string): Promise<void> {
  await page.fill('#account-name', name);
  await page.selectOption('#account-role', role);
  await page.fill('#account-password', password);
  await page.click('#account-form button');
  await row(page, name).waitFor();
}

beforeAll(async () => {
  ({ runtime, url } = await startRuntime());
  browser = await launchChromium();
  admin = await logIn('admin', PASSWORD);
  await admin.waitForSelector('#accounts-panel:not([hidden])');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('console accounts panel', () => {
  it('an admin adds an operator; the operator logs in and has no accounts panel', async () => {
    await addAccount(admin, 'olga', 'operator', 'olga-password');
    expect(await row(admin, 'olga').locator('select').inputValue()).toBe('operator');
    const olga = await logIn('olga', 'olga-password');
    expect(await olga.textContent('#who')).toBe('olga (operator)');
    expect(await olga.isVisible('#accounts-panel')).toBe(false);
    expect(await olga.locator('#accounts tr').count()).toBe(0);
    // a role change logs her out at once; she logs in again as a viewer
    await row(admin, 'olga').locator('select').selectOption('viewer');
    await olga.waitForSelector('#login:not([hidden])');
    await until(async () => {
      const audit = await admin.textContent('#audit');
      return audit?.includes('change role olga (viewer)');
    }, 'the role change audited');
    await olga.close();
    const viewer = await logIn('olga', 'olga-password');
    expect(await viewer.textContent('#who')).toBe('olga (viewer)');
    await viewer.close();
  });

  it("refuses a short password with the server's reason and keeps the old one", async () => {
    await row(admin, 'olga').locator('input[type=password]').fill('short');
    await row(admin, 'olga').locator('.account-reset').click();
    await until(async () => (await admin.textContent('#accounts-error'))?.includes('at least 8 characters'), 'refused');
    const page = await logIn('olga', 'olga-password');
    await page.close();
  });

  it('removes an account: gone from the list, and it can no longer log in', async () => {
    await row(admin, 'olga').locator('.account-remove').click();
    await row(admin, 'olga').waitFor({ state: 'detached' });
    const page = await browser.newPage();
    await page.goto(`${url}/console`);
    await page.fill('#user', 'olga');
    await page.fill('#password', 'olga-password');
    await page.click('#login button');
    await until(async () => (await page.textContent('#login-error'))?.includes('Wrong name or password'), 'refused');
    await page.close();
  });

  it('an admin removing their own account is asked first; dismissed, nothing happens', async () => {
    await addAccount(admin, 'ada', 'admin', 'ada-password');
    const ada = await logIn('ada', 'ada-password');
    await ada.waitForSelector('#accounts-panel:not([hidden])');
    const asked: string[] = [];
    ada.once('dialog', (d) => (asked.push(d.message()), void d.dismiss()));
    await row(ada, 'ada').locator('.account-remove').click();
    await until(() => asked.length === 1, 'the confirmation asked');
    expect(asked[0]).toMatch(/your own account/);
    expect(await row(admin, 'ada').count()).toBe(1);
    ada.once('dialog', (d) => void d.accept());
    await row(ada, 'ada').locator('.account-remove').click();
    await ada.waitForSelector('#login:not([hidden])');
    await row(admin, 'ada').waitFor({ state: 'detached' });
  });
});
