// Proof (4) of durable state: after web mode is killed with SIGKILL, its launch record and its presets file are cut
// short (as a crash in the middle of a write on a file system without atomic renames would leave them). The next
// start moves both aside with a timestamp, reports them through `storage.problems` with the backup's path and the
// launch id, overwrites nothing, and the launch can be adopted again with Import from AWS.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageProblem } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { waitFor } from '../../support/wait';
import { killAll, startStandaloneSandbox, startWebMode, testHome } from './kiln-processes';

afterAll(killAll);

const cut = (text: string) => text.slice(0, Math.floor(text.length / 2));

let seen: {
  dataDir: string;
  launchId: string;
  truncated: { record: string; presets: string };
  problems: StorageProblem[];
  listedAfterRestart: string[];
  presetsAfterRestart: string[];
  backupsAfterSave: { record: string; presets: string };
  orphansOfTheLaunch: string[];
  filesAfterSave: string[];
  imported: string[];
};

beforeAll(async () => {
  const home = await testHome();
  const dataDir = home.defaultDataDir;
  const sandbox = await startStandaloneSandbox(home.env);
  const args = ['--sandbox-endpoint', sandbox.endpoint];
  let web = await startWebMode(home.env, args);
  const images = await web.must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
  const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
  const spec = {
    profileId: SANDBOX_PROFILE_ID,
    region: 'us-east-1',
    name: 'cut-short',
    imageId,
    instanceType: 't3.micro',
    installScript: 'echo ok',
  };
  await web.must('presets.save', { name: 'first', spec });
  await web.must('presets.save', { name: 'second', spec });
  const launch = await web.must('launch.start', { spec });
  await waitFor(
    'the install to succeed',
    async () => (await web.must('launch.list', {})).find((r) => r.id === launch.id)?.phase === 'succeeded',
    60_000,
    200,
  );
  await web.kill('SIGKILL');

  const recordFile = path.join(dataDir, 'launches', `${launch.id}.json`);
  const presetsFile = path.join(dataDir, 'presets.json');
  const truncated = {
    record: cut(await readFile(recordFile, 'utf8')),
    presets: cut(await readFile(presetsFile, 'utf8')),
  };
  await writeFile(recordFile, truncated.record);
  await writeFile(presetsFile, truncated.presets);

  web = await startWebMode(home.env, args);
  const problems = await web.must('storage.problems', {});
  const listedAfterRestart = (await web.must('launch.list', {})).map((r) => r.id);
  const presetsAfterRestart = (await web.must('presets.list', {})).map((p) => p.name);
  // Saving again writes a new presets file and a new record; the backups stay as they were.
  await web.must('presets.save', { name: 'third', spec });
  const backupOf = (kind: string) => problems.find((p) => p.kind === kind)!.backupPath;
  const backupsAfterSave = {
    record: await readFile(backupOf('launch-record'), 'utf8'),
    presets: await readFile(backupOf('presets'), 'utf8'),
  };
  const orphansOfTheLaunch = (await web.must('orphans.list', { profileId: SANDBOX_PROFILE_ID }))
    .filter((o) => o.launchId === launch.id)
    .map((o) => o.id);
  const imported = (await web.must('launch.importFromAws', { profileId: SANDBOX_PROFILE_ID })).map((r) => r.id);
  const filesAfterSave = [
    ...(await readdir(dataDir)),
    ...(await readdir(path.join(dataDir, 'launches'))).map((n) => `launches/${n}`),
  ].sort();
  seen = {
    dataDir,
    launchId: launch.id,
    truncated,
    problems,
    listedAfterRestart,
    presetsAfterRestart,
    backupsAfterSave,
    orphansOfTheLaunch,
    filesAfterSave,
    imported,
  };
  await web.kill('SIGTERM');
  await sandbox.kill('SIGTERM');
}, 180_000);

describe('a truncated launch record and presets file', () => {
  it('are reported by storage.problems with their backups, the record with its launch id', () => {
    const stamp = /\.unreadable-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/;
    expect(seen.problems).toHaveLength(2);
    expect(seen.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'launch-record',
          launchId: seen.launchId,
          file: path.join(seen.dataDir, 'launches', `${seen.launchId}.json`),
          backupPath: expect.stringMatching(stamp),
        }),
        expect.objectContaining({
          kind: 'presets',
          file: path.join(seen.dataDir, 'presets.json'),
          backupPath: expect.stringMatching(stamp),
        }),
      ]),
    );
  });

  it('keep exactly what was on disk in the backups, also after the next saves', () => {
    expect(seen.backupsAfterSave).toEqual(seen.truncated);
    expect(seen.filesAfterSave.filter((name) => name.includes('.unreadable-'))).toHaveLength(2);
  });

  it('do not take Kiln down: it starts without them, and Import from AWS adopts the launch again', () => {
    expect(seen.listedAfterRestart).not.toContain(seen.launchId);
    // Until then its instance and group are not offered for deletion as orphans.
    expect(seen.orphansOfTheLaunch).toEqual([]);
    expect(seen.presetsAfterRestart).toEqual([]);
    expect(seen.imported).toEqual([seen.launchId]);
  });
});
