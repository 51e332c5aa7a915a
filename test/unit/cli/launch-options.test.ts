import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliExit, type CliContext } from '../../../electron/cli/cli-context';
import { parseAfterOptions, parseSalvageHours, readLaunchSpec } from '../../../electron/cli/commands/launch';

describe('--on-failure salvage=DURATION', () => {
  it('reads minutes, hours and days as whole hours within 1 hour to 7 days', () => {
    expect(parseSalvageHours('4h')).toBe(4);
    expect(parseSalvageHours('6')).toBe(6);
    expect(parseSalvageHours('90m')).toBe(2);
    expect(parseSalvageHours('2d')).toBe(48);
    expect(parseSalvageHours('8d')).toBeUndefined();
    expect(parseSalvageHours('0h')).toBeUndefined();
    expect(parseSalvageHours('soon')).toBeUndefined();
  });
});

describe('parseAfterOptions', () => {
  it('defaults to keeping the instance either way', () => {
    expect(parseAfterOptions({})).toEqual({ onSuccess: 'keep', onFailure: { action: 'keep' } });
  });

  it('takes terminate, bake and salvage with --follow', () => {
    expect(parseAfterOptions({ follow: true, onSuccess: 'bake', onFailure: 'salvage=1d' })).toEqual({
      onSuccess: 'bake',
      onFailure: { action: 'salvage', hours: 24 },
    });
  });

  it('refuses (exit 2) an unknown action, a bad duration, and an action without --follow', () => {
    for (const options of [
      { follow: true, onSuccess: 'explode' },
      { follow: true, onFailure: 'salvage=forever' },
      { onFailure: 'terminate' },
    ]) {
      let thrown: unknown;
      try {
        parseAfterOptions(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CliExit);
      expect((thrown as CliExit).code).toBe(2);
    }
  });
});

describe('--dns-zone and --dns-name', () => {
  // The spec names its profile and region, so reading it asks the backend nothing: no context is needed.
  const context = {} as CliContext;
  async function specFile(): Promise<string> {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-cli-dns-')), 'spec.json');
    const spec = { profileId: 'sandbox', region: 'us-east-1', name: 'web', imageId: 'ami-0ed094fb1304fd857' };
    await writeFile(file, JSON.stringify(spec));
    return file;
  }

  it('puts the DNS name into the spec', async () => {
    const spec = await readLaunchSpec(context, { spec: await specFile(), dnsZone: 'Z1', dnsName: 'web.example.test' });
    expect(spec.dns).toEqual({ hostedZoneId: 'Z1', recordName: 'web.example.test' });
  });

  it('refuses (exit 2) one without the other', async () => {
    const file = await specFile();
    for (const options of [{ dnsZone: 'Z1' }, { dnsName: 'web.example.test' }]) {
      await expect(readLaunchSpec(context, { spec: file, ...options })).rejects.toMatchObject({
        code: 2,
        constructor: CliExit,
      });
    }
  });
});
