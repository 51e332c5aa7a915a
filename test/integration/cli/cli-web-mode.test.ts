// The built `kiln` while web mode runs on the same data directory: web mode publishes its loopback API in
// <dataDir>/api.json and the command line uses it, so a launch started from the terminal is the app's own launch at
// once, and nothing opens the data directory beside web mode.
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { cliOutputs } from '../../../electron/cli/output-schemas';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/sandbox';
import { apiEndpointFile, readApiEndpoint } from '../../../electron/core/store/api-endpoint-file';
import { LOCK_DIR_NAME } from '../../../electron/core/store/data-dir-lock';
import { killAll, startWebMode, type WebMode } from '../durability/kiln-processes';
import { buildKiln, killKilns, kilnHome, runKiln, startKiln, type KilnHome } from './kiln-cli';

let sandbox: Sandbox;
let home: KilnHome;
let web: WebMode;

beforeAll(async () => {
  [sandbox] = await Promise.all([startSandbox({ pendingSeconds: 1, regions: ['us-east-1'] }), buildKiln()]);
  // No KILN_SANDBOX_ENDPOINT for the command line: it reaches the sandbox through web mode.
  home = await kilnHome();
  web = await startWebMode(home.env, ['--sandbox-endpoint', sandbox.endpoint]);
}, 120_000);
afterAll(async () => {
  killKilns();
  killAll();
  await sandbox?.stop();
});

describe('kiln while web mode runs', () => {
  it('web mode publishes its API for the user only', async () => {
    const endpoint = await readApiEndpoint(home.dataDir);
    expect(endpoint).toMatchObject({ pid: web.child.pid, url: new URL(web.url).origin });
    expect((await stat(apiEndpointFile(home.dataDir))).mode & 0o777).toBe(0o600);
  });

  it("a launch started by kiln is in web mode's launch.list at once and follows to its end", async () => {
    const specFile = path.join(home.dir, 'spec.json');
    const spec: LaunchSpecInput = {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'from-cli',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      installScript: 'echo one\nsleep 1\necho two',
    };
    await writeFile(specFile, JSON.stringify(spec));
    const kiln = startKiln(['launch', '--spec', specFile, '--follow', '--json'], home.env);
    // While kiln still follows, the app already lists the launch.
    const seen = await (async () => {
      for (let i = 0; i < 600; i += 1) {
        const found = (await web.must('launch.list', {})).find((r) => r.spec.name === 'from-cli');
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    })();
    expect(seen).toBeDefined();
    const run = await kiln.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('one');
    const output = cliOutputs.launch.parse(JSON.parse(run.stdout));
    expect(output.launches).toHaveLength(1);
    expect(output.launches[0]).toMatchObject({ id: seen!.id, phase: 'succeeded', outcome: { result: 'success' } });
    const lines = await web.must('launch.log', { launchId: seen!.id, after: 0 });
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['one', 'two']);
    // No store file of web mode was found unreadable.
    expect(await web.must('storage.problems', {})).toEqual([]);

    const text = await runKiln(['logs', 'from-cli'], home.env);
    expect(text.stdout).toBe('one\ntwo\n');
    const list = cliOutputs.list.parse(JSON.parse((await runKiln(['list', '--json'], home.env)).stdout));
    expect(list.map((l) => l.id)).toEqual((await web.must('launch.list', {})).map((r) => r.id));
  }, 120_000);

  it('launches a preset saved in the app, with the name given on the command line', async () => {
    await web.must('presets.save', {
      name: 'web preset',
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'preset-default',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo from the preset',
      },
    });
    const run = await runKiln(
      ['launch', '--preset', 'web preset', '--name', 'from-preset', '--follow'],
      home.env,
      120_000,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('from the preset\n');
    const records = await web.must('launch.list', {});
    expect(records.find((r) => r.spec.name === 'from-preset')?.phase).toBe('succeeded');
    expect((await runKiln(['launch', '--preset', 'no such preset'], home.env)).code).toBe(2);
  }, 120_000);

  it('once web mode has stopped, api.json and the lock are gone and kiln opens the directory itself', async () => {
    await web.kill('SIGINT');
    expect(existsSync(apiEndpointFile(home.dataDir))).toBe(false);
    expect(existsSync(path.join(home.dataDir, LOCK_DIR_NAME))).toBe(false);
    const list = await runKiln(['list', '--json', '--verbose'], home.env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).not.toMatch(/using the Kiln running as pid/);
    expect(
      cliOutputs.list
        .parse(JSON.parse(list.stdout))
        .map((l) => l.name)
        .sort(),
    ).toEqual(['from-cli', 'from-preset']);
  }, 60_000);

  it('ignores an api.json that does not answer', async () => {
    await writeFile(
      apiEndpointFile(home.dataDir),
      JSON.stringify({ url: 'http://127.0.0.1:9', token: 'x'.repeat(32), pid: process.pid }),
      { mode: 0o600 },
    );
    const list = await runKiln(['list', '--json'], home.env);
    expect(list.code, list.stderr).toBe(0);
    expect(cliOutputs.list.parse(JSON.parse(list.stdout))).toHaveLength(2);
  }, 60_000);
});
