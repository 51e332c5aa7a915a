// End to end, in Debian Chromium through web mode on the sandbox: the Inventory page from the side navigation lists a
// launch's resources read from AWS tags, and Export → CSV saves a file whose rows are the page's (RFC 4180, parsed
// back), with the launch row first.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../electron/common/dispatch';
import type { LaunchRecord, LaunchSpecInput } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { csvObjects } from '../support/csv';
import { startSandboxBackend, type SandboxBackend } from '../support/sandbox-backend';
import { waitFor } from '../support/wait';
import { openWebApp, type WebApp } from './support/web-app';

let env: SandboxBackend;
let app: WebApp;
let page: Page;
let record: LaunchRecord;

beforeAll(async () => {
  // No instance host: the launch's resources only need to exist.
  env = await startSandboxBackend({ pendingSeconds: 0, hostRegions: [] });
  const spec: LaunchSpecInput = {
    profileId: SANDBOX_PROFILE_ID,
    region: 'us-east-1',
    name: 'inventory-e2e',
    imageId: 'ami-0ed094fb1304fd857',
    instanceType: 't3.micro',
    installScript: 'echo hi',
  };
  const log = (e: unknown) => console.error(e);
  const started = await dispatchCommand(env.backend.handlers, 'launch.start', { spec }, log);
  if (!started.ok) throw new Error(started.error.message);
  const id = (started.value as LaunchRecord).id;
  record = await waitFor(
    'the launch running',
    async () => {
      const list = await dispatchCommand(env.backend.handlers, 'launch.list', {}, log);
      const found = list.ok ? (list.value as LaunchRecord[]).find((r) => r.id === id) : undefined;
      return found?.instanceState === 'running' ? found : undefined;
    },
    60_000,
  );
  app = await openWebApp(env.backend);
  page = app.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await app?.screenshot(`failed-inventory-${task.name}`);
});

afterAll(async () => {
  await app?.close();
  await env?.stop();
});

describe('Inventory page', () => {
  it('lists the launch from AWS tags and exports the rows as a CSV file', async () => {
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Inventory' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/inventory$/);
    await expect.poll(() => page.locator('main h1').first().innerText(), { timeout: 20_000 }).toBe('Inventory');
    const instanceRow = page.locator(`[data-testid="inventory-row"][data-id="${record.instanceId}"]`);
    await instanceRow.waitFor({ timeout: 60_000 });
    await page.locator(`[data-testid="inventory-row"][data-kind="launch"][data-id="${record.id}"]`).waitFor();
    expect(await page.getByTestId('inventory-count-instance').innerText()).toBe('Instances: 1');
    const shown = await page
      .getByTestId('inventory-row')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')} ${r.getAttribute('data-id')}`));

    await page.getByTestId('inventory-export').getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByText('CSV (spreadsheets)').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kiln-inventory-local-sandbox-.+\.csv$/);
    const records = csvObjects(await readFile(await download.path(), 'utf8'));
    expect(records.map((r) => `${r.kind} ${r.id}`).sort()).toEqual([...shown].sort());
    expect(records[0]).toMatchObject({ kind: 'launch', id: record.id, name: 'inventory-e2e', known_here: 'true' });
    expect(records.find((r) => r.id === record.instanceId)).toMatchObject({
      kind: 'instance',
      region: 'us-east-1',
      launch_id: record.id,
      state: 'running',
      cost_basis: 'price-list',
    });
    await page.getByTestId('inventory-export-saved').waitFor();
  }, 180_000);
});
