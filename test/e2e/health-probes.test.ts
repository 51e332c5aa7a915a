// End to end: the Health section in Debian Chromium, through web mode, on the sandbox. The install script serves a
// page on the instance's own loopback address; with a probe on it (interval 1 s, threshold 3 s: the backend's
// test-only limits, set through its handler) the launch page shows the probe up with its 24 h chart (a real
// Cloudscape chart, not a table), the launches list's Health column says Up, and when the server is killed the
// section and the column turn to Down and the banner names the probe.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { waitFor } from '../support/wait';
import { useSandboxWebApp } from './support/use-sandbox-web-app';

const WEB_PORT = 18_081;
const INSTALL = `set -e
mkdir -p "$KILN_ROOT/site"
echo "e2e probe page" > "$KILN_ROOT/site/index.html"
nohup python3 -m http.server ${WEB_PORT} --bind "$KILN_AGENT_BIND" --directory "$KILN_ROOT/site" >"$KILN_ROOT/web.log" 2>&1 &
echo $! > "$KILN_ROOT/web.pid"
`;

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'], probeLimits: { minIntervalSeconds: 1 } },
});
const { must } = web;

describe('health probes in the browser', () => {
  it('shows the probe up with its chart, then down in the section, the launches list and the banner', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'e2e-probed',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: INSTALL,
      },
    });
    const record = await waitFor(
      'the install to succeed',
      async () => (await must('launch.list', {})).find((r) => r.id === launched.id && r.phase === 'succeeded'),
      90_000,
    );
    const set = await web.env.backend.handlers['health.probes.set']({
      launchId: launched.id,
      probes: [
        {
          protocol: 'http',
          port: WEB_PORT,
          path: '/',
          expectedStatus: 200,
          bodyContains: 'e2e probe page',
          intervalSeconds: 1,
          thresholdSeconds: 3,
          requireValidCertificate: false,
        },
      ],
    });
    if (!set.ok) throw new Error(set.error.message);
    const probeId = set.value.probes[0].probe.id;

    await web.page.reload();
    await web.page.getByTestId(`launch-link-${launched.id}`).click();
    await web.page.getByTestId('health-tab').click();
    const panel = web.page.getByTestId('probes-panel');
    await panel.and(web.page.locator('[data-health="up"]')).waitFor({ timeout: 30_000 });
    const probe = web.page.getByTestId(`probe-${probeId}`);
    expect(await probe.getAttribute('data-state')).toBe('up');
    expect(await probe.textContent()).toContain(`:${WEB_PORT}/`);
    // A few checks in, the chart draws them: a line for the latency, in an SVG.
    await expect
      .poll(async () => Number(await probe.getByTestId('probe-chart').getAttribute('data-points')), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    await probe.getByTestId('probe-chart').locator('svg').first().waitFor();
    expect(await probe.getByTestId('probe-chart').locator('table').count()).toBe(0);
    await web.app.screenshot('health-probe-up');

    const instance = web.env.sandbox.host.instances().find((i) => i.instanceId === record.instanceId)!;
    const pid = Number((await readFile(path.join(instance.dir, 'root', 'web.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGTERM');
    await panel.and(web.page.locator('[data-health="down"]')).waitFor({ timeout: 30_000 });
    expect(await probe.getByTestId('probe-last').textContent()).toContain('Connection refused');
    await expect
      .poll(() => web.page.getByText(/of e2e-probed is down: it has failed for 3 s/).count())
      .toBeGreaterThan(0);
    await web.app.screenshot('health-probe-down');

    await web.page.evaluate(() => {
      window.location.hash = '#/launches';
    });
    const health = web.page
      .getByTestId(`launch-link-${launched.id}`)
      .locator('xpath=ancestor::tr')
      .getByTestId('launch-health');
    await health.and(web.page.locator('[data-health="down"]')).waitFor({ timeout: 20_000 });
    expect(await health.textContent()).toBe('Down');
    await web.app.screenshot('health-column');
  }, 180_000);
});
