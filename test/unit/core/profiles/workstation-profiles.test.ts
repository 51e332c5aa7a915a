import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkstationProfiles } from '../../../../electron/core/profiles/workstation-profiles';

function summary(entry: { profile?: { id: string; available: boolean; reason?: string } } & Record<string, unknown>) {
  const profile = (entry.profile ?? entry) as {
    id: string;
    available: boolean;
    reason?: string;
    defaultRegion?: string;
  };
  return { id: profile.id, available: profile.available, reason: profile.reason, defaultRegion: profile.defaultRegion };
}

describe('createWorkstationProfiles', () => {
  it('offers the sandbox, environment credentials and the shared files’ profiles, in that order', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'kiln-home-'));
    await mkdir(path.join(home, '.aws'));
    await writeFile(
      path.join(home, '.aws', 'credentials'),
      '[ops]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n',
    );
    const load = createWorkstationProfiles({
      env: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' },
      homeDir: home,
      sandbox: { endpoint: 'http://127.0.0.1:1' },
    });
    const profiles = (await load()).map((entry) => summary(entry as never));
    expect(profiles.map((p) => p.id)).toEqual(['local-sandbox', 'env', 'aws:ops']);
    expect(profiles[1].defaultRegion).toBe('eu-west-1');
    expect(JSON.stringify(profiles)).not.toContain('secret');
  });

  it('lists the sandbox as unavailable with the reason, and no environment profile without both keys', async () => {
    const config = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-cfg-')), 'config');
    await writeFile(config, '[profile dev]\nregion = us-west-2\n');
    const load = createWorkstationProfiles({
      env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: `${config}.missing`, AWS_ACCESS_KEY_ID: 'AKIAENV' },
      homeDir: '/nonexistent',
      sandbox: { unavailableReason: 'moto_server is not on PATH' },
    });
    const profiles = (await load()).map((entry) => summary(entry as never));
    expect(profiles[0]).toMatchObject({ id: 'local-sandbox', available: false, reason: 'moto_server is not on PATH' });
    expect(profiles.map((p) => p.id)).toEqual(['local-sandbox', 'aws:dev']);
  });
});
