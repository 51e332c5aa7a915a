// Proof (3) of durable state: web mode with its embedded sandbox is killed with SIGKILL while an install runs (a
// script that also leaves a daemon in a session of its own). What that run started on this machine outlives it;
// the next start of web mode ends all of it before its new sandbox starts, and shows the launch as lost because
// its sandbox ended, instead of installing forever.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { waitFor } from '../../support/wait';
import { killAll, startWebMode, testHome } from './kiln-processes';

const SCRIPT = ['echo started', '(setsid sleep 600 > /dev/null 2>&1 &)', 'sleep 600'].join('\n');

/** This test's own look at /proc: processes whose environment or command line names a path under `root`. */
async function processesUnder(root: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const [environ, cmdline, stat] = await Promise.all(
      ['environ', 'cmdline', 'stat'].map((file) => readFile(`/proc/${name}/${file}`, 'latin1').catch(() => '')),
    );
    if (!stat || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    if (environ.split('\0').some((e) => e.startsWith(`KILN_ROOT=${root}/`)) || cmdline.includes(`${root}/`))
      pids.push(Number(name));
  }
  return pids;
}

async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

afterAll(killAll);

let seen: {
  leftovers: number[];
  survivorsAfterRestart: number[];
  lost: LaunchRecord;
  rootDir: string;
  restartOutput: string;
};

beforeAll(async () => {
  const home = await testHome();
  let web = await startWebMode(home.env, ['--pending-seconds', '1']);
  const runRecord = JSON.parse(await readFile(path.join(home.defaultDataDir, 'sandbox-run.json'), 'utf8')) as {
    rootDir: string;
  };
  const images = await web.must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
  const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
  const launch = await web.must('launch.start', {
    spec: {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'crashed-run',
      imageId,
      instanceType: 't3.micro',
      installScript: SCRIPT,
    },
  });
  await waitFor(
    'the install to start',
    async () => (await web.must('launch.log', { launchId: launch.id, after: 0 })).some((l) => l.text === 'started'),
    60_000,
    100,
  );
  // The daemon left the process group before the kill.
  await waitFor('the daemon', async () => (await processesUnder(runRecord.rootDir)).length >= 4, 10_000, 100);

  await web.kill('SIGKILL');
  // moto ends by itself when its stdin closes; what the instance started does not.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const leftovers = await processesUnder(runRecord.rootDir);

  web = await startWebMode(home.env, ['--pending-seconds', '1']);
  const survivorsAfterRestart = (
    await Promise.all(leftovers.map(async (pid) => ((await alive(pid)) ? pid : 0)))
  ).filter(Boolean);
  const lost = await waitFor(
    'the launch to be lost',
    async () => {
      const record = (await web.must('launch.list', {})).find((r) => r.id === launch.id);
      return record?.phase === 'lost' ? record : undefined;
    },
    10_000,
    100,
  );
  seen = { leftovers, survivorsAfterRestart, lost, rootDir: runRecord.rootDir, restartOutput: web.output };
  await web.kill('SIGTERM');
}, 180_000);

describe('a web mode killed with its embedded sandbox', () => {
  it('left processes running (user data, agent, daemon)', () => {
    expect(seen.leftovers.length).toBeGreaterThanOrEqual(3);
  });

  it('has every one of them ended by the next start, before its sandbox starts', () => {
    expect(seen.survivorsAfterRestart).toEqual([]);
    expect(seen.restartOutput).toMatch(
      new RegExp(`ended \\d+ processes left running by the sandbox in ${seen.rootDir}`),
    );
  });

  it('shows the launch of the ended sandbox as lost, saying why', () => {
    expect(seen.lost.warnings).toEqual([expect.objectContaining({ code: 'SandboxEnded' })]);
  });
});
