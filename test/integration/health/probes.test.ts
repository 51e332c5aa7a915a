// Health probes on the sandbox: the install script starts a web server on the instance's own loopback address (the
// address the sandbox profile resolves the instance to), a probe goes up, the server is killed by its pid file and
// the probe goes down after its threshold (interval 1 s, threshold 3 s: a shortened clock through the backend's
// test-only limits) with the notice and the health.probes.updated transition; serving again brings it up and
// withdraws the notice. Terminating the launch stops the probing.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProbesUpdate } from '../../../electron/common/models';
import { PROBE_NOTICE_PREFIX } from '../../../electron/core/health/probe-service';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { sandboxAgentAddress } from '../../../electron/core/sandbox/address';
import { useSandboxBackend } from '../../support/use-sandbox-backend';
import { waitFor } from '../../support/wait';

const WEB_PORT = 18_080;
const INSTALL = `set -e
mkdir -p "$KILN_ROOT/site"
echo "kiln probe page" > "$KILN_ROOT/site/index.html"
nohup python3 -m http.server ${WEB_PORT} --bind "$KILN_AGENT_BIND" --directory "$KILN_ROOT/site" >"$KILN_ROOT/web.log" 2>&1 &
echo $! > "$KILN_ROOT/web.pid"
echo "web server started"
`;

let restarted: ChildProcess | undefined;
const kiln = useSandboxBackend({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'], probeLimits: { minIntervalSeconds: 1 } },
  timeoutMs: 90_000,
});
// Registered after the sandbox's afterAll, so it runs before it.
afterAll(() => {
  restarted?.kill();
});
const { must } = kiln;

describe('health probes on the sandbox', () => {
  it('goes down when the web server stops, raises the notice, and clears it when the server is back', async () => {
    const updates: ProbesUpdate[] = [];
    const unsubscribe = kiln.env.backend.events.subscribe((event, payload) => {
      if (event === 'health.probes.updated') updates.push(payload as ProbesUpdate);
    });
    try {
      const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
      const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
      const launch = await must('launch.start', {
        spec: {
          profileId: SANDBOX_PROFILE_ID,
          region: 'us-east-1',
          name: 'probed-web',
          imageId,
          instanceType: 't3.micro',
          installScript: INSTALL,
        },
      });
      const installed = await waitFor(
        'the install to succeed',
        async () => (await must('launch.list', {})).find((r) => r.id === launch.id && r.phase === 'succeeded'),
        90_000,
      );
      const address = sandboxAgentAddress(installed.instanceId!);
      // The schema refuses a 1 s interval; the backend's injected limits accept it (handler called directly).
      const set = await kiln.env.backend.handlers['health.probes.set']({
        launchId: launch.id,
        probes: [
          {
            protocol: 'http',
            port: WEB_PORT,
            path: '/index.html',
            expectedStatus: 200,
            bodyContains: 'kiln probe page',
            intervalSeconds: 1,
            thresholdSeconds: 3,
            requireValidCertificate: false,
          },
        ],
      });
      if (!set.ok) throw new Error(set.error.message);
      const probeId = set.value.probes[0].probe.id;
      const code = `${PROBE_NOTICE_PREFIX}${launch.id}:${probeId}`;
      const url = `http://${address}:${WEB_PORT}/index.html`;

      const up = await waitFor('the probe up', async () => {
        const [state] = await must('health.probes.list', { launchIds: [launch.id] });
        return state?.health === 'up' ? state : undefined;
      });
      expect(up.probes[0]).toMatchObject({ url, state: 'up', last: { ok: true, status: 200 } });
      // The launch's security group opens only the agent port and SSH to the operator: the probe says so.
      expect(up.probes[0].portNotice?.message).toMatch(new RegExp(`^Port ${WEB_PORT} is not open to your address`));

      const instance = kiln.env.sandbox.host.instances().find((i) => i.instanceId === installed.instanceId)!;
      const root = path.join(instance.dir, 'root');
      const pid = Number((await readFile(path.join(root, 'web.pid'), 'utf8')).trim());
      const stoppedAt = Date.now();
      process.kill(pid, 'SIGTERM');

      await waitFor('the probe failing', async () =>
        (await must('health.probes.list', { launchIds: [launch.id] }))[0]?.health === 'failing' ? true : undefined,
      );
      const notice = await waitFor('the down notice', () =>
        kiln.env.backend.notices.list().find((n) => n.code === code),
      );
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(3_000);
      expect(notice.message).toMatch(
        new RegExp(
          `^Probe ${url.replaceAll('.', '\\.')} of probed-web is down: it has failed for 3 s \\(Connection refused`,
        ),
      );
      expect(updates.flatMap((u) => u.transitions)).toEqual([
        expect.objectContaining({ launchId: launch.id, launchName: 'probed-web', probeId, url, to: 'down' }),
      ]);

      restarted = spawn(
        'python3',
        ['-m', 'http.server', String(WEB_PORT), '--bind', address, '--directory', path.join(root, 'site')],
        { stdio: 'ignore' },
      );
      await waitFor('the notice withdrawn', () => !kiln.env.backend.notices.list().some((n) => n.code === code));
      expect(updates.flatMap((u) => u.transitions).map((t) => t.to)).toEqual(['down', 'up']);

      const history = await must('health.probes.history', { launchId: launch.id });
      const points = history.probes[0].points;
      expect(points.some((p) => !p[1])).toBe(true);
      expect(points.at(-1)![1]).toBe(true);

      // The record holds a probe below the users' limits: it stays readable (launch.terminate's answer is checked).
      await must('launch.terminate', { launchId: launch.id });
      await waitFor('probing stopped', async () =>
        (await must('health.probes.list', {})).length === 0 ? true : undefined,
      );
    } finally {
      unsubscribe();
    }
  }, 180_000);
});
