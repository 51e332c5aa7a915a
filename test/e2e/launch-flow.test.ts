// End to end: the real renderer in Debian Chromium, through web mode, on the local sandbox. Drives the whole
// slice twice (a script that succeeds, one that exits 3) and checks what moto has left afterwards.
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { launchFromReview, typeScript, walkToReview } from './support/wizard-driver';

const cspViolations: string[] = [];
const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 2 },
  app: {
    // The code editor must run under the app's CSP as it is: any violation is a failure, not a console message.
    beforeLoad: (p) =>
      p.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      }),
  },
});

/** How the install script gets into the wizard: through "Load from file" or typed into the plain text editor. */
type ScriptEntry = 'file' | 'plain';

async function launchThroughWizard(name: string, script: string, entry: ScriptEntry): Promise<void> {
  await walkToReview(web.page, {
    name,
    at: {
      'install-script': async () => {
        if (entry === 'file') {
          // The code editor (Ace) loads under the app's CSP; the file replaces the untouched example script at once.
          await web.page
            .locator('[data-testid="install-script-editor"][data-ready="true"]')
            .waitFor({ timeout: 20_000 });
          await web.page
            .getByTestId('install-script-file-input')
            .setInputFiles({ name: 'install.sh', mimeType: 'text/x-sh', buffer: Buffer.from(script) });
          await expect
            .poll(() => web.page.locator('.ace_content').innerText(), { timeout: 10_000 })
            .toContain(script.split('\n')[0]);
        } else {
          await typeScript(web.page, script);
        }
        await expect
          .poll(() => web.page.getByTestId('user-data-size').innerText(), { timeout: 10_000 })
          .toMatch(/of 16,384 bytes/);
        await web.page.getByText('Rendered user data', { exact: true }).click();
        await expect
          .poll(() => web.page.getByTestId('user-data-preview').innerText(), { timeout: 10_000 })
          .toContain(script.split('\n').at(-1)!);
        expect(await web.page.getByTestId('user-data-preview').innerText()).toContain('<redacted: TLS private key>');
      },
    },
  });
  await launchFromReview(web.page);
}

async function terminateAndCheck(): Promise<void> {
  const instanceId = (await web.page.getByTestId('instance-id').innerText()).trim();
  expect(instanceId).toMatch(/^i-[0-9a-f]+$/);
  await web.page.getByTestId('terminate-button').click();
  await web.page.getByTestId('confirm-terminate-button').click();
  await web.page.locator('[data-testid="instance-state"][data-state="terminated"]').waitFor({ timeout: 30_000 });
  await web.page.locator('[data-testid="security-group"][data-deleted="true"]').waitFor({ timeout: 30_000 });

  const ec2 = web.env.ec2();
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = described.Reservations![0].Instances![0];
  expect(instance.State?.Name).toBe('terminated');
  const groupId = instance.SecurityGroups?.[0]?.GroupId;
  if (groupId) {
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
  }
  const kilnGroups = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
  );
  expect(kilnGroups.SecurityGroups ?? []).toEqual([]);
}

async function logTexts(): Promise<Array<{ stream: string; text: string }>> {
  return web.page
    .getByTestId('log-line')
    .evaluateAll((nodes) =>
      nodes.map((n) => ({ stream: n.getAttribute('data-stream') ?? '', text: (n.textContent ?? '').trim() })),
    );
}

describe('launch flow in the browser', () => {
  it('launches, streams the install log, shows success, and terminates with cleanup', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `installing part ${i + 1}`);
    await launchThroughWizard('e2e-success', lines.map((l) => `echo "${l}"`).join('\n') + '\necho "all good"', 'file');
    expect(cspViolations).toEqual([]);
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await logTexts()).map((l) => l.text)).toEqual([...lines, 'all good']);
    await expect.poll(() => web.page.getByTestId('launch-phase').getAttribute('data-phase')).toBe('succeeded');
    await web.app.screenshot('outcome-success');
    await terminateAndCheck();
  }, 120_000);

  it('shows a failure with the exit code, stdout and stderr in order, and terminates with cleanup', async () => {
    await web.page.getByTestId('back-to-launches').click();
    // stdout and stderr are two pipes: their relative order is only defined for writes that are not simultaneous,
    // so the script pauses briefly where it switches streams (as any real installer does between steps).
    await launchThroughWizard(
      'e2e-failure',
      'echo "first on stdout"\nsleep 0.2\necho "then on stderr" >&2\nsleep 0.2\necho "last on stdout"\nexit 3',
      'plain',
    );
    const outcome = web.page.locator('[data-testid="outcome"][data-result="failure"]');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.innerText()).toContain('3');
    await expect.poll(logTexts).toEqual([
      { stream: 'stdout', text: 'first on stdout' },
      { stream: 'stderr', text: 'then on stderr' },
      { stream: 'stdout', text: 'last on stdout' },
    ]);
    await web.app.screenshot('outcome-failure');
    await terminateAndCheck();
  }, 120_000);
});
