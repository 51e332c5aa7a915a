// End to end, in Debian Chromium through web mode on the sandbox: "Launch again" from the launches table opens the
// wizard filled from that launch, the reviewed choices are saved as a preset, the next new wizard starts from the
// profile's defaults (the last launch), and the preset loads back into the form.
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../electron/common/dispatch';
import type { LaunchRecord, LaunchSpecInput } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { nextTo as nextToStep, type StepMarker } from './support/wizard-driver';

const web = useSandboxWebApp({
  // No instance host: these launches are about the wizard, not the install.
  sandbox: { pendingSeconds: 1, hostRegions: [] },
  screenshotPrefix: 'failed-launch-again-',
});

const notice = () => web.page.getByTestId('wizard-fill-notice').innerText();
const nextTo = (marker: StepMarker, from?: StepMarker) => nextToStep(web.page, marker, from);

async function scriptText(): Promise<string> {
  await web.page.getByTestId('script-editor-kind').getByText('Plain text', { exact: true }).click();
  return web.page.getByTestId('install-script-input').inputValue();
}

describe('launch again, defaults and presets', () => {
  it('fills the wizard from a past launch, saves a preset, starts from the defaults and loads the preset', async () => {
    const spec: LaunchSpecInput = {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'builder-1',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.small',
      installScript: 'echo "from the first launch"',
      tags: [{ key: 'team', value: 'platform' }],
    };
    const first = await dispatchCommand(web.env.backend.handlers, 'launch.start', { spec }, (e) => console.error(e));
    if (!first.ok) throw new Error(first.error.message);
    const record = first.value as LaunchRecord;

    await web.page.getByTestId(`launch-again-${record.id}`).click({ timeout: 20_000 });
    await expect.poll(notice, { timeout: 10_000 }).toContain('Filled in from the launch builder-1');
    await expect
      .poll(() => web.page.getByTestId('region-select').innerText(), { timeout: 20_000 })
      .toContain('us-east-1');
    await nextTo('instance-name-input');
    expect(await web.page.getByTestId('instance-name-input').inputValue()).toBe('builder-2');
    await nextTo('instance-type-select', 'ami-tiles');
    await expect
      .poll(() => web.page.getByTestId('instance-type-select').innerText(), { timeout: 20_000 })
      .toContain('t3.small');
    await nextTo('script-editor-kind', 'key-pair-mode');
    expect(await scriptText()).toBe('echo "from the first launch"');
    await nextTo('review-name', 'instance-count-input');

    await web.page.getByTestId('save-preset-button').click();
    await web.page.getByTestId('preset-name-input').fill('platform builder');
    await web.page.getByTestId('save-preset-confirm').click();
    await expect.poll(notice, { timeout: 10_000 }).toContain('Saved the preset "platform builder"');
    await web.app.screenshot('launch-again-review');
    await web.page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect
      .poll(() => web.page.getByTestId('launch-detail').getAttribute('data-launch-id'), { timeout: 20_000 })
      .not.toBe(record.id);
    await expect.poll(() => web.page.getByRole('heading', { level: 1 }).first().innerText()).toContain('builder-2');

    // A new wizard starts from the last launch with the profile, except its name.
    await web.page.getByTestId('back-to-launches').click();
    await web.page.getByTestId('launch-instance-button').click();
    await expect.poll(notice, { timeout: 20_000 }).toContain('Filled in from your last launch with Local sandbox');
    await nextTo('instance-name-input');
    expect(await web.page.getByTestId('instance-name-input').inputValue()).toBe('');
    await web.page.getByTestId('instance-name-input').fill('builder-3');
    await nextTo('instance-type-select', 'ami-tiles');
    await expect
      .poll(() => web.page.getByTestId('instance-type-select').innerText(), { timeout: 20_000 })
      .toContain('t3.small');

    // The preset loads back into the form from the first step.
    for (let i = 0; i < 3; i++) await web.page.getByRole('button', { name: 'Previous', exact: true }).click();
    await web.page.getByTestId('preset-select').click();
    await web.page.getByRole('option', { name: /platform builder/ }).click();
    await expect.poll(notice, { timeout: 10_000 }).toContain('Loaded the preset "platform builder"');
    await nextTo('instance-name-input');
    expect(await web.page.getByTestId('instance-name-input').inputValue()).toBe('builder-2');
    await web.app.screenshot('preset-loaded');
  }, 120_000);
});
