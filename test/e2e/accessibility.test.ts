// End to end, for an operator on a keyboard or a screen reader: axe-core on every page (serious and critical
// violations: none), the pages' own URLs (reload, back, forward, a bookmark), focus after every page change, and an
// install console that Tab leaves. Debian Chromium, web mode, the local sandbox.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../electron/common/dispatch';
import type { FleetRecord, FleetSpecInput, LaunchRecord } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/sandbox-backend';
import { sandboxLaunchSpec } from '../support/sandbox-launch-spec';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { launchFromReview, typeScript, walkToReview } from './support/wizard-driver';

const AXE_PATH = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1 },
  app: { bypassCSP: true },
  screenshotPrefix: 'failed-a11y-',
});
let succeeded: LaunchRecord;
let failed: LaunchRecord;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/**
 * Rules left to another change, each with the part of the app it belongs to. Empty while every page passes; an
 * entry names the rule, the page and why it is not fixed here.
 */
const EXCLUDED_RULES: { rule: string; page: RegExp; reason: string }[] = [];

/** The serious and critical axe violations on the page as it is now, as readable lines. */
async function axeViolations(where: string): Promise<string[]> {
  if (!(await web.page.evaluate(() => 'axe' in window))) await web.page.addScriptTag({ path: AXE_PATH });
  const violations = await web.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe;
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: AxeViolation[] };
    return results.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .filter((v) => !EXCLUDED_RULES.some((x) => x.rule === v.id && x.page.test(where)))
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`)
          .join(' | ')}`,
    );
}

/** Waits for a page's h1 to read `text` (pages load their data in their own time). */
async function headingIs(text: string | RegExp): Promise<void> {
  await expect.poll(() => web.page.locator('main h1').first().innerText(), { timeout: 20_000 }).toMatch(text);
}

/** What has keyboard focus: its tag and text, or its test id. */
function focused(): Promise<string> {
  return web.page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    const name = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40);
    return `${el.tagName}:${name ?? ''}`;
  });
}

const launch = (name: string, installScript: string) =>
  web.must('launch.start', { spec: sandboxLaunchSpec(name, installScript) });

/** A fleet of one instance (no load balancer), for the fleet page. */
async function createFleet(): Promise<FleetRecord> {
  const log = (e: unknown) => console.error(e);
  const subnets = await dispatchCommand(
    web.env.backend.handlers,
    'network.subnets',
    { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' },
    log,
  );
  if (!subnets.ok) throw new Error(subnets.error.message);
  const [subnet] = subnets.value as { subnetId: string }[];
  const spec: FleetSpecInput = {
    profileId: SANDBOX_PROFILE_ID,
    region: 'us-east-1',
    name: 'a11y-fleet',
    imageId: 'ami-0ed094fb1304fd857',
    instanceType: 't3.micro',
    subnetIds: [subnet.subnetId],
    capacity: { min: 1, desired: 1, max: 2 },
    cpuTarget: 60,
  };
  const result = await dispatchCommand(web.env.backend.handlers, 'fleets.create', { spec }, log);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as FleetRecord;
}

/** The sandbox finishes an install in its own time: waits for the launch's outcome. */
async function settled(record: LaunchRecord): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const result = await dispatchCommand(web.env.backend.handlers, 'launch.list', {}, () => {});
    const found = result.ok ? (result.value as LaunchRecord[]).find((r) => r.id === record.id) : undefined;
    if (found?.outcome) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`${record.spec.name} has no outcome after 90 s`);
}

beforeAll(async () => {
  // Cloudscape fades alerts in; axe must see the colours as they end up, not half-way through a fade.
  await web.page.emulateMedia({ reducedMotion: 'reduce' });
  succeeded = await launch('a11y-ok', 'echo "installing"\necho "done"');
  failed = await launch('a11y-broken', 'echo "compiling"\necho "error: missing dependency" >&2\nexit 2');
  await Promise.all([settled(succeeded), settled(failed)]);
}, 180_000);

describe('axe on every page', () => {
  it('finds no serious or critical violation on the launches, launch, images, inventory, cleanup, fleets, fleet and unknown pages', async () => {
    const found: string[] = [];
    await web.page.goto(`${new URL(web.app.url).origin}/#/launches`);
    await web.page.getByTestId(`launch-link-${failed.id}`).waitFor({ timeout: 20_000 });
    found.push(...(await axeViolations('launches')));

    for (const [record, where] of [
      [succeeded, 'launch (succeeded)'],
      [failed, 'launch (failed)'],
    ] as const) {
      await web.page.goto(`${new URL(web.app.url).origin}/#/launches/${record.id}`);
      await headingIs(record.spec.name);
      await expect.poll(() => web.page.getByTestId('log-line').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      found.push(...(await axeViolations(where)));
    }
    // The failure's last lines, stderr in red on the alert, and the console's text view turned on.
    await web.page.getByTestId('failure-tail').waitFor({ timeout: 20_000 });
    await web.page.getByText('Text view', { exact: true }).click();
    await expect.poll(() => web.page.getByTestId('log-lines').getAttribute('class')).not.toContain('hidden');
    found.push(...(await axeViolations('launch (failed, text view)')));

    await web.page.goto(`${new URL(web.app.url).origin}/#/launches/${succeeded.id}/connect`);
    await web.page.getByTestId('launch-detail').waitFor();
    found.push(...(await axeViolations('launch, Connect tab')));

    const fleet = await createFleet();
    await web.page.goto(`${new URL(web.app.url).origin}/#/fleets/${fleet.id}`);
    await headingIs('a11y-fleet');
    await web.page.getByTestId('fleet-instances').waitFor({ timeout: 30_000 });
    await web.page.waitForTimeout(1_000);
    found.push(...(await axeViolations('fleet')));

    for (const where of ['images', 'inventory', 'cleanup', 'fleets', 'fleets/new', 'nowhere']) {
      await web.page.goto(`${new URL(web.app.url).origin}/#/${where}`);
      // (Cleanup has no h1 yet: its heading level belongs to another change, so wait for any heading.)
      await web.page.locator('main').locator('h1, h2').first().waitFor({ timeout: 20_000 });
      await web.page.waitForTimeout(1_000);
      found.push(...(await axeViolations(where)));
    }
    expect(found.join('\n')).toBe('');
  });

  it('finds none on any step of the wizard, and Launch moves focus to the new launch page', async () => {
    const found: string[] = [];
    const check = (step: string) => async () => void found.push(...(await axeViolations(`wizard: ${step}`)));
    await web.page.goto(`${new URL(web.app.url).origin}/#/launches`);
    await web.page.getByTestId('launch-instance-button').waitFor({ timeout: 20_000 });
    await walkToReview(web.page, {
      name: 'a11y-wizard',
      at: {
        'profile-region': check('profile and region'),
        'name-tags': check('name and tags'),
        ami: check('AMI'),
        'instance-type': check('instance type'),
        'key-pair': check('key pair'),
        network: check('network'),
        storage: check('storage'),
        'install-script': async (p) => {
          await typeScript(p, 'echo hello');
          await check('install script')();
        },
        advanced: check('advanced'),
      },
    });
    await check('review')();
    expect(found.join('\n')).toBe('');

    await launchFromReview(web.page);
    await headingIs('a11y-wizard');
    await expect.poll(focused, { timeout: 10_000 }).toBe('H1:a11y-wizard');
    // The navigation stays as the operator left it (open) through the launch.
    expect(await web.page.getByRole('navigation', { name: 'Navigation' }).last().isVisible()).toBe(true);
  });
});

describe('pages have URLs and focus follows them', () => {
  it('moves focus to the heading after Launch instance and after opening a launch', async () => {
    await web.page.goto(`${new URL(web.app.url).origin}/#/launches`);
    await web.page.getByTestId('launch-instance-button').click();
    await expect.poll(focused, { timeout: 20_000 }).toMatch(/^H1:/);
    expect(new URL(web.page.url()).hash).toBe('#/new-launch');

    await web.page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Launches' }).click();
    await web.page.getByTestId(`launch-link-${succeeded.id}`).click();
    await expect.poll(focused, { timeout: 20_000 }).toBe('H1:a11y-ok');
    expect(new URL(web.page.url()).hash).toBe(`#/launches/${succeeded.id}`);
  });

  it('keeps the page on reload, goes back and forward, and opens a bookmarked launch', async () => {
    const origin = new URL(web.app.url).origin;
    await web.page.goto(`${origin}/#/launches`);
    await web.page.getByTestId(`launch-link-${failed.id}`).click();
    await headingIs('a11y-broken');
    await web.page.reload();
    await headingIs('a11y-broken');
    await web.page.goBack();
    await headingIs(/^Launches/);
    await web.page.goForward();
    await headingIs('a11y-broken');
    await web.page.getByTestId('connect-tab').click();
    await expect.poll(() => new URL(web.page.url()).hash).toBe(`#/launches/${failed.id}/connect`);
    await web.page.goBack();
    await expect.poll(() => new URL(web.page.url()).hash).toBe(`#/launches/${failed.id}`);
    // A bookmark, opened in the same signed-in tab.
    await web.page.goto(`${origin}/#/images`);
    await headingIs(/Images/);
    await web.page.goto(`${origin}/#/launches/${succeeded.id}`);
    await headingIs('a11y-ok');
  });

  it('says "not signed in" without claiming there are no launches when the URL has no token', async () => {
    const browser = await launchChromium();
    try {
      const other = await browser.newPage();
      await other.goto(new URL(web.app.url).origin);
      await other.getByText('This page is not signed in to the Kiln backend.').waitFor({ timeout: 20_000 });
      expect(await other.getByText('No launches yet').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('moves focus to the heading after a terminate', async () => {
    const origin = new URL(web.app.url).origin;
    await web.page.goto(`${origin}/#/launches/${succeeded.id}`);
    await headingIs('a11y-ok');
    await web.page.getByTestId('terminate-button').click();
    await web.page.getByTestId('confirm-terminate-button').click();
    await expect.poll(() => web.page.getByRole('dialog').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(focused, { timeout: 10_000 }).toBe('H1:a11y-ok');
  });
});

describe('keyboard only', () => {
  it('offers a skip link first, and Tab reaches the install console and leaves it again', async () => {
    await web.page.goto(`${new URL(web.app.url).origin}/#/launches/${failed.id}`);
    await headingIs('a11y-broken');
    // A fresh load: the first Tab starts from the top of the document.
    await web.page.reload();
    await headingIs('a11y-broken');
    await web.page.keyboard.press('Tab');
    expect(await focused()).toBe('A:Skip to main content');

    // Tab until the console has focus (its terminal, the log's one stop), then once more: focus moves on.
    const terminal = 'TEXTAREA:Install log of a11y-broken (read only)';
    const inConsole = () => web.page.evaluate(() => !!document.activeElement?.closest('[data-testid="console-frame"]'));
    let steps = 0;
    while ((await focused()) !== terminal && steps++ < 150) await web.page.keyboard.press('Tab');
    expect(await focused()).toBe(terminal);
    const frame = web.page.getByTestId('console-frame');
    expect(await frame.getAttribute('aria-label')).toBe('Install log of a11y-broken');
    // The focus ring is drawn around the whole console.
    expect(await frame.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await web.page.keyboard.press('Tab');
    expect(await inConsole()).toBe(false);
    await web.page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(terminal);
    await web.page.keyboard.press('Shift+Tab');
    expect(await inConsole()).toBe(false);
    await web.page.keyboard.press('Tab');
    expect(await focused()).toBe(terminal);

    // The keys scroll the log (it takes no input): Home shows the first line.
    const firstRow = () => web.page.locator('[data-testid="console-terminal"] .xterm-rows > div').first().innerText();
    await web.page.keyboard.press('Home');
    await expect.poll(firstRow, { timeout: 5_000 }).toContain('compiling');
    // Escape lets go of focus; a click puts it back into the terminal, and Tab still moves on.
    await web.page.keyboard.press('Escape');
    expect(await inConsole()).toBe(false);
    await web.page.getByTestId('console-terminal').click();
    expect(await focused()).toBe(terminal);
    await web.page.keyboard.press('Tab');
    expect(await inConsole()).toBe(false);
  });
});
