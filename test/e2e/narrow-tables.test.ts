// End to end, in Debian Chromium through web mode on the sandbox: the launches table and the instance-type table
// at 1400 px and at 1024×768 show their last columns (the row actions, the price) whole and in view, without
// clipped headers or buttons; only a real browser lays tables out, so this cannot be a component test.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sandboxLaunchSpec } from '../support/sandbox-launch-spec';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { pressNext } from './support/wizard-driver';

const web = useSandboxWebApp({
  // No instance host: the rows only need to exist.
  sandbox: { pendingSeconds: 1, hostRegions: [] },
  setup: async (_env, { must }) => {
    const spec = sandboxLaunchSpec('a-launch-with-a-rather-long-name-1', 'echo hi');
    return { record: await must('launch.start', { spec }) };
  },
  screenshotPrefix: 'failed-narrow-tables-',
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
  await web.page.getByTestId(`launch-link-${web.setup.record.id}`).waitFor({ timeout: 20_000 });
  const table = web.page.getByTestId('launches-table');
  const actionsHeader = table.locator('th').filter({ hasText: /^Actions$/ });
  await expectWholeAndInView(actionsHeader.locator('[class*="header-cell-text"]').first(), 'Actions header');
  await expectWholeAndInView(web.page.getByTestId(`launch-again-${web.setup.record.id}`), 'Launch again button');
  await expectWholeAndInView(web.page.getByTestId(`terminate-${web.setup.record.id}`), 'Terminate button');
}

describe('tables in narrow windows', () => {
  it('the launches table shows its actions whole at 1400 px', async () => {
    await web.page.setViewportSize({ width: 1400, height: 1000 });
    await checkLaunchesTable();
  });

  it('the launches table keeps its actions in view at 1024×768', async () => {
    await web.page.setViewportSize({ width: 1024, height: 768 });
    await web.page.reload();
    await checkLaunchesTable();
    await web.app.screenshot('narrow-launches-1024');
  });

  it('the instance-type table keeps the price, with its whole header, in view at 1024×768', async () => {
    await web.page.setViewportSize({ width: 1024, height: 768 });
    await web.page.getByTestId('launch-instance-button').click();
    await expect
      .poll(() => web.page.getByTestId('region-select').innerText(), { timeout: 20_000 })
      .toContain('us-east-1');
    await pressNext(web.page);
    await web.page.getByTestId('instance-name-input').fill('narrow-1');
    await pressNext(web.page);
    await web.page
      .getByTestId('ami-tiles')
      .getByText('Amazon Linux 2023', { exact: true })
      .waitFor({ timeout: 20_000 });
    await pressNext(web.page);
    await expect
      .poll(() => web.page.getByTestId('instance-type-select').innerText(), { timeout: 20_000 })
      .toContain('t3.micro');
    const table = web.page.getByTestId('instance-type-table');
    const priceHeader = table.locator('th').filter({ hasText: 'On-demand price' });
    await expectWholeAndInView(priceHeader.locator('[class*="header-cell-text"]').first(), 'price header');
    // Opened on the page that holds the preselected type, cheapest first.
    await table.getByRole('row').filter({ hasText: 't3.micro' }).first().waitFor({ timeout: 20_000 });
    const firstPrice = table.getByRole('row').nth(1).locator('td').last();
    await expectWholeAndInView(firstPrice, 'first price cell');
    await web.app.screenshot('narrow-instance-types-1024');
  });
});
