// End to end, in Debian Chromium through web mode on the sandbox: the launches table and the instance-type table
// at 1400 px and at 1024×768 show their last columns (the row actions, the price) whole and in view, without
// clipped headers or buttons; only a real browser lays tables out, so this cannot be a component test.
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../electron/common/dispatch';
import type { LaunchRecord, LaunchSpecInput } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../support/sandbox-backend';
import { openWebApp, type WebApp } from './support/web-app';
import { pressNext } from './support/wizard-driver';

let env: SandboxBackend;
let app: WebApp;
let page: Page;
let record: LaunchRecord;

beforeAll(async () => {
  // No instance host: the rows only need to exist.
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: [] });
  const spec: LaunchSpecInput = {
    profileId: SANDBOX_PROFILE_ID,
    region: 'us-east-1',
    name: 'a-launch-with-a-rather-long-name-1',
    imageId: 'ami-0ed094fb1304fd857',
    instanceType: 't3.micro',
    installScript: 'echo hi',
  };
  const started = await dispatchCommand(env.backend.handlers, 'launch.start', { spec }, (e) => console.error(e));
  if (!started.ok) throw new Error(started.error.message);
  record = started.value as LaunchRecord;
  app = await openWebApp(env.backend);
  page = app.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await app?.screenshot(`failed-narrow-tables-${task.name}`);
});

afterAll(async () => {
  await app?.close();
  await env?.stop();
});

/** Where an element is, whether its text overflows its box, and the window's width. */
async function layoutOf(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return {
      left: box.left,
      right: box.right,
      clipped: element.scrollWidth > element.clientWidth + 1,
      windowWidth: document.documentElement.clientWidth,
    };
  });
}

/** The element is whole (its text not cut) and inside the window, not scrolled off to the right. */
async function expectWholeAndInView(locator: Locator, what: string) {
  const layout = await layoutOf(locator);
  expect({
    what,
    ...layout,
    clipped: layout.clipped,
    inView: layout.left >= 0 && layout.right <= layout.windowWidth,
  }).toEqual({
    what,
    ...layout,
    clipped: false,
    inView: true,
  });
}

async function checkLaunchesTable() {
  await page.getByTestId(`launch-link-${record.id}`).waitFor({ timeout: 20_000 });
  const table = page.getByTestId('launches-table');
  const actionsHeader = table.locator('th').filter({ hasText: /^Actions$/ });
  await expectWholeAndInView(actionsHeader.locator('[class*="header-cell-text"]').first(), 'Actions header');
  await expectWholeAndInView(page.getByTestId(`launch-again-${record.id}`), 'Launch again button');
  await expectWholeAndInView(page.getByTestId(`terminate-${record.id}`), 'Terminate button');
}

describe('tables in narrow windows', () => {
  it('the launches table shows its actions whole at 1400 px', async () => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await checkLaunchesTable();
  });

  it('the launches table keeps its actions in view at 1024×768', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.reload();
    await checkLaunchesTable();
    await app.screenshot('narrow-launches-1024');
  });

  it('the instance-type table keeps the price, with its whole header, in view at 1024×768', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId('launch-instance-button').click();
    await expect.poll(() => page.getByTestId('region-select').innerText(), { timeout: 20_000 }).toContain('us-east-1');
    await pressNext(page);
    await page.getByTestId('instance-name-input').fill('narrow-1');
    await pressNext(page);
    await page.getByTestId('ami-tiles').getByText('Amazon Linux 2023', { exact: true }).waitFor({ timeout: 20_000 });
    await pressNext(page);
    await expect
      .poll(() => page.getByTestId('instance-type-select').innerText(), { timeout: 20_000 })
      .toContain('t3.micro');
    const table = page.getByTestId('instance-type-table');
    const priceHeader = table.locator('th').filter({ hasText: 'On-demand price' });
    await expectWholeAndInView(priceHeader.locator('[class*="header-cell-text"]').first(), 'price header');
    // Opened on the page that holds the preselected type, cheapest first.
    await table.getByRole('row').filter({ hasText: 't3.micro' }).first().waitFor({ timeout: 20_000 });
    const firstPrice = table.getByRole('row').nth(1).locator('td').last();
    await expectWholeAndInView(firstPrice, 'first price cell');
    await app.screenshot('narrow-instance-types-1024');
  });
});
