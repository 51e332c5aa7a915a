import { describe, expect, it } from 'vitest';
import { LaunchSpec, type LaunchSpecInput } from '../../../electron/common/models';
import { KilnFailure } from '../../../electron/common/result';
import { batchError, batchSpecs, terminateAtFor } from '../../../electron/core/launch/launch-batch';
import { launchCost } from '../../../electron/core/launch/launch-estimate';

const spec = (overrides: Partial<LaunchSpecInput> = {}) =>
  LaunchSpec.parse({
    profileId: 'sandbox',
    region: 'us-east-1',
    name: ' web ',
    imageId: 'ami-0ed094fb1304fd857',
    instanceType: 't3.micro',
    installScript: 'echo hi',
    ...overrides,
  });

describe('batchSpecs', () => {
  it('keeps a spec without a count, or with a count of 1, as it is', () => {
    const one = spec();
    expect(batchSpecs(one)).toEqual([one]);
    const counted = spec({ advanced: { count: 1 } });
    expect(batchSpecs(counted)).toEqual([counted]);
  });

  it('names N launches name-1..name-N, each with a count of 1 and the other choices unchanged', () => {
    const specs = batchSpecs(spec({ advanced: { count: 3, shutdownBehavior: 'terminate' } }));
    expect(specs.map((s) => s.name)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(specs.every((s) => s.advanced?.count === 1 && s.advanced.shutdownBehavior === 'terminate')).toBe(true);
  });

  it('refuses names that the suffix would push past 255 characters, on the name field', () => {
    const long = spec({ name: 'n'.repeat(253), advanced: { count: 20 } });
    expect(() => batchSpecs(long)).toThrow(KilnFailure);
    try {
      batchSpecs(long);
    } catch (error) {
      expect((error as KilnFailure).error).toMatchObject({ code: 'NameTooLong', field: 'name' });
    }
  });

  it('refuses a DNS name for more than one instance (one name points at one instance), but keeps it for one', () => {
    const dns = { hostedZoneId: 'Z1', recordName: 'web.example.test' };
    expect(() => batchSpecs(spec({ dns, advanced: { count: 2 } }))).toThrow(/cannot share web\.example\.test/);
    expect(batchSpecs(spec({ dns }))[0]?.dns).toEqual(dns);
  });

  it('refuses termination protection together with an automatic termination', () => {
    expect(() => batchSpecs(spec({ advanced: { terminationProtection: true, autoTerminateAfterHours: 4 } }))).toThrow(
      /Termination protection/,
    );
  });
});

describe('terminateAtFor and batchError', () => {
  it('puts the termination time hours after the launch, and none without a timer', () => {
    const at = new Date('2026-11-30T12:00:00.000Z');
    expect(terminateAtFor(spec({ advanced: { autoTerminateAfterHours: 5 } }), at)).toBe('2026-11-30T17:00:00.000Z');
    expect(terminateAtFor(spec(), at)).toBeUndefined();
  });

  it('keeps a KilnFailure as it is and words anything else', () => {
    expect(batchError(new KilnFailure({ code: 'X', message: 'm' }))).toEqual({ code: 'X', message: 'm' });
    expect(batchError(new Error('boom'))).toMatchObject({ code: 'LaunchFailed', message: 'The launch failed: boom.' });
  });
});

describe('launchCost', () => {
  const price = { usdPerHour: 0.0104, source: 'snapshot' as const, asOf: '2026-11-01', region: 'us-east-1' };

  it('adds each instance and its root volume, per hour and per day', () => {
    const cost = launchCost({ instancePrice: price, count: 3, rootVolume: { sizeGiB: 10, volumeType: 'gp3' } });
    const volumePerDay = (0.08 * 10 * 12) / 365;
    expect(cost.rootVolume).toEqual({ sizeGiB: 10, volumeType: 'gp3', usdPerDay: volumePerDay });
    expect(cost.usdPerDay).toBeCloseTo((0.0104 * 24 + volumePerDay) * 3, 10);
    expect(cost.usdPerHour).toBeCloseTo(cost.usdPerDay! / 24, 10);
  });

  it('says unknown (null) for the totals without an instance price, and still prices the volume', () => {
    const cost = launchCost({ instancePrice: null, count: 1, rootVolume: { sizeGiB: 8, volumeType: 'gp2' } });
    expect(cost.usdPerHour).toBeNull();
    expect(cost.usdPerDay).toBeNull();
    expect(cost.rootVolume.usdPerDay).toBeCloseTo((0.1 * 8 * 12) / 365, 10);
  });

  it('leaves the volume unpriced when its size is unknown', () => {
    const cost = launchCost({ instancePrice: price, count: 1, rootVolume: { sizeGiB: undefined, volumeType: 'gp3' } });
    expect(cost.rootVolume).toEqual({ sizeGiB: null, volumeType: 'gp3', usdPerDay: null });
    expect(cost.usdPerDay).toBeCloseTo(0.0104 * 24, 10);
  });
});

describe('batchSpecs and key pairs', () => {
  it('refuses a new or imported key pair for more than one launch, on the count', () => {
    const create = spec({ keyPair: { mode: 'create', name: 'k', savePath: '/tmp/k' }, advanced: { count: 2 } });
    expect(() => batchSpecs(create)).toThrow(/made once/);
    const existing = spec({ keyPair: { mode: 'existing', name: 'k' }, advanced: { count: 2 } });
    expect(batchSpecs(existing).map((s) => s.keyPair)).toEqual([
      { mode: 'existing', name: 'k' },
      { mode: 'existing', name: 'k' },
    ]);
  });
});
