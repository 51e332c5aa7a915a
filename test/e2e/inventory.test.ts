// End to end, in Debian Chromium through web mode on the sandbox: the Inventory page from the side navigation lists a
// launch's resources read from AWS tags, and Export → CSV saves a file whose rows are the page's (RFC 4180, parsed
// back), with the launch row first.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { csvObjects } from '../support/csv';
import { sandboxLaunchSpec } from '../support/sandbox-launch-spec';
import { waitFor } from '../support/wait';
import { useSandboxWebApp } from './support/use-sandbox-web-app';

const web = useSandboxWebApp({
  // No instance host: the launch's resources only need to exist.
  sandbox: { pendingSeconds: 0, hostRegions: [] },
  setup: async (_env, { must }) => {
    const { id } = await must('launch.start', { spec: sandboxLaunchSpec('inventory-e2e', 'echo hi') });
    const record = await waitFor(
      'the launch running',
      async () => {
        const found = (await must('launch.list', {})).find((r) => r.id === id);
        return found?.instanceState === 'running' ? found : undefined;
      },
      60_000,
    );
    return { record };
  },
  screenshotPrefix: 'failed-inventory-',
});

describe('Inventory page', () => {
  it('lists the launch from AWS tags and exports the rows as a CSV file', async () => {
    await web.page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Inventory' }).click();
    await expect.poll(() => web.page.url()).toMatch(/#\/inventory$/);
    await expect.poll(() => web.page.locator('main h1').first().innerText(), { timeout: 20_000 }).toBe('Inventory');
    const instanceRow = web.page.locator(`[data-testid="inventory-row"][data-id="${web.setup.record.instanceId}"]`);
    await instanceRow.waitFor({ timeout: 60_000 });
    await web.page
      .locator(`[data-testid="inventory-row"][data-kind="launch"][data-id="${web.setup.record.id}"]`)
      .waitFor();
    expect(await web.page.getByTestId('inventory-count-instance').innerText()).toBe('Instances: 1');
    const shown = await web.page
      .getByTestId('inventory-row')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')} ${r.getAttribute('data-id')}`));

    await web.page.getByTestId('inventory-export').getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      web.page.waitForEvent('download', { timeout: 60_000 }),
      web.page.getByText('CSV (spreadsheets)').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kiln-inventory-local-sandbox-.+\.csv$/);
    const records = csvObjects(await readFile(await download.path(), 'utf8'));
    expect(records.map((r) => `${r.kind} ${r.id}`).sort()).toEqual([...shown].sort());
    expect(records[0]).toMatchObject({
      kind: 'launch',
      id: web.setup.record.id,
      name: 'inventory-e2e',
      known_here: 'true',
    });
    expect(records.find((r) => r.id === web.setup.record.instanceId)).toMatchObject({
      kind: 'instance',
      region: 'us-east-1',
      launch_id: web.setup.record.id,
      state: 'running',
      cost_basis: 'price-list',
    });
    await web.page.getByTestId('inventory-export-saved').waitFor();
  }, 180_000);
});
