// End to end: Save as AMI in Debian Chromium, through web mode, on the sandbox (images stay pending a few seconds
// with snapshot progress rising; an image carries the instance's disk). A launch whose script writes an application
// file is saved as an AMI from its page, the progress is seen rising to available, the wizard launches from the new
// image a script that finds the application file and none of the first launch's journal, and the Images page
// deregisters the image: moto then holds neither the image nor any of its snapshots.
import { DescribeImagesCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { launchFromReview, nextTo, pressNext, typeScript } from './support/wizard-driver';

const web = useSandboxWebApp({ sandbox: { pendingSeconds: 1, imageSeconds: 8, hostRegions: ['us-east-1'] } });
const { must } = web;
const MARK = 'first-install-e2e-51c';

/** Values of every snapshot progress bar on the page, as numbers. */
const progressValues = () =>
  web.page
    .getByTestId('snapshot-progress')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-value'))));

describe('save as AMI in the browser', () => {
  let imageId = '';

  it('bakes a finished launch with visible progress, then launches from the image', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'e2e-bake-source',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: `mkdir -p "$KILN_ROOT/app" && echo "served by the baked app" > "$KILN_ROOT/app/index.html" && echo ${MARK}`,
      },
    });
    await web.page.reload();
    await web.page.getByTestId(`launch-link-${launched.id}`).click();
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });

    await web.page.getByTestId('outcome-save-as-ami-button').click();
    await web.page.getByTestId('bake-dialog').waitFor();
    await web.page.getByTestId('bake-name-input').locator('input').fill('e2e baked app');
    await web.page.locator('[data-testid="bake-review"][data-state="ready"]').waitFor({ timeout: 20_000 });
    expect(Number(await web.page.getByTestId('bake-cost').getAttribute('data-value'))).toBeGreaterThan(0);
    await web.page.getByTestId('bake-start').click();

    const progress = web.page.locator('[data-testid="bake-progress"]').first();
    await progress.and(web.page.locator('[data-phase="pending"]')).waitFor({ timeout: 30_000 });
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          seen.push(...(await progressValues()));
          return Math.max(...seen, 0) > Math.min(...seen, 100) && Math.max(...seen) > 0 ? 'rising' : 'flat';
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe('rising');
    await web.app.screenshot('bake-progress');
    await progress.and(web.page.locator('[data-phase="available"]')).waitFor({ timeout: 60_000 });
    expect(await web.page.getByTestId('bake-seal-report').getAttribute('data-sealed')).toBe('true');
    imageId = (await web.page.getByTestId('bake-launch-from-image').first().getAttribute('data-image-id')) ?? '';
    expect(imageId).toMatch(/^ami-[0-9a-f]+$/);

    await web.page.getByTestId('bake-launch-from-image').first().click();
    await expect
      .poll(() => web.page.getByTestId('profile-select').innerText(), { timeout: 20_000 })
      .toContain('Local sandbox');
    await expect
      .poll(() => web.page.getByTestId('region-select').innerText(), { timeout: 20_000 })
      .toContain('us-east-1');
    await pressNext(web.page);
    await web.page.getByTestId('instance-name-input').fill('e2e-from-baked');
    await nextTo(web.page, 'ami-tiles', 'ami-tiles');
    await expect.poll(() => web.page.getByTestId('ami-id-input').inputValue(), { timeout: 20_000 }).toBe(imageId);
    await nextTo(web.page, 'script-editor-kind', 'instance-type-select');
    await typeScript(
      web.page,
      [
        'test -f "$KILN_ROOT/app/index.html" || { echo "no app file"; exit 3; }',
        `if grep -rqs "${MARK}" "$KILN_ROOT/data"; then echo "the first journal is still here"; exit 4; fi`,
        'echo "found: $(cat "$KILN_ROOT/app/index.html")"',
      ].join('\n'),
    );
    await nextTo(web.page, 'review-name', 'instance-count-input');
    await launchFromReview(web.page);
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => web.page.getByTestId('log-line').allInnerTexts(), { timeout: 10_000 })
      .toContain('found: served by the baked app');
  }, 240_000);

  it('deregisters the image from the Images page, leaving no image and no snapshot', async () => {
    const ec2 = web.env.ec2();
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images!;
    const snapshotIds = image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
    expect(snapshotIds.length).toBeGreaterThan(0);

    const images = web.page.getByRole('link', { name: 'Images', exact: true });
    if (!(await images.isVisible())) await web.page.getByRole('button', { name: 'Open navigation' }).click();
    await images.click();
    const row = web.page.locator(`tr:has([data-testid="image-row"][data-image-id="${imageId}"])`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: /Actions for/ }).click();
    await web.page.getByTestId('image-deregister').click();
    const listed = await web.page.getByTestId('deregister-snapshots').innerText();
    for (const id of snapshotIds) expect(listed).toContain(id);
    await web.page.getByTestId('deregister-confirm').click();
    await web.page.getByTestId('deregister-result').waitFor({ timeout: 20_000 });

    const left = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [imageId] }] }));
    expect(left.Images ?? []).toHaveLength(0);
    const snapshots = await ec2.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: snapshotIds }] }),
    );
    expect(snapshots.Snapshots ?? []).toHaveLength(0);
  }, 60_000);
});
