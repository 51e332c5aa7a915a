// Which resource an ARN names, who owns a tagged resource, and the launch rows derived from resource rows.
import { describe, expect, it } from 'vitest';
import type { InventoryRow } from '../../../../electron/common/models';
import { arnTarget, launchRows, ownerLaunchId, sortRows } from '../../../../electron/core/inventory/inventory-rows';

describe('arnTarget', () => {
  it('maps the ARNs the Tagging API returns to kind and id', () => {
    const account = 'arn:aws:ec2:us-east-1:123456789012';
    expect(arnTarget(`${account}:instance/i-0abc`)).toEqual({ kind: 'instance', id: 'i-0abc' });
    expect(arnTarget(`${account}:volume/vol-1`)).toEqual({ kind: 'volume', id: 'vol-1' });
    expect(arnTarget('arn:aws:ec2:us-east-1::image/ami-1')).toEqual({ kind: 'image', id: 'ami-1' });
    expect(arnTarget('arn:aws:ec2:us-east-1::snapshot/snap-1')).toEqual({ kind: 'snapshot', id: 'snap-1' });
    expect(arnTarget(`${account}:security-group/sg-1`)).toEqual({ kind: 'security-group', id: 'sg-1' });
    expect(arnTarget('arn:aws:s3:::kiln-artifacts-1')).toEqual({ kind: 'bucket', id: 'kiln-artifacts-1' });
    expect(arnTarget('arn:aws:cloudwatch:us-east-1:123456789012:alarm:kiln-l-1-recover')).toEqual({
      kind: 'alarm',
      id: 'kiln-l-1-recover',
    });
  });

  it('puts back the leading slash SSM leaves out of hierarchical parameter names', () => {
    const ssm = 'arn:aws:ssm:us-east-1:123456789012:parameter';
    expect(arnTarget(`${ssm}/kiln/launches/l-1/agent`)).toEqual({ kind: 'parameter', id: '/kiln/launches/l-1/agent' });
    expect(arnTarget(`${ssm}/flat-name`)).toEqual({ kind: 'parameter', id: 'flat-name' });
  });

  it('ignores what the inventory does not list', () => {
    expect(arnTarget('arn:aws:ec2:us-east-1:123456789012:network-interface/eni-1')).toBeUndefined();
    expect(arnTarget('arn:aws:s3:::bucket/object')).toBeUndefined();
    expect(arnTarget('arn:aws:cloudwatch:us-east-1:123456789012:insight-rule/x')).toBeUndefined();
    expect(arnTarget('not an arn')).toBeUndefined();
  });
});

describe('ownerLaunchId', () => {
  it('is the launch-id tag, else the launch a baked image came from', () => {
    expect(ownerLaunchId([{ Key: 'kiln:launch-id', Value: 'l-1' }])).toBe('l-1');
    expect(ownerLaunchId([{ Key: 'kiln:baked-from', Value: 'l-2' }])).toBe('l-2');
    expect(ownerLaunchId([{ Key: 'kiln:created-by', Value: 'kiln' }])).toBeUndefined();
  });
});

const row = (over: Partial<InventoryRow>): InventoryRow => ({
  kind: 'instance',
  id: 'x',
  region: 'us-east-1',
  knownHere: false,
  costPerDay: 0,
  costBasis: 'free',
  ...over,
});

describe('launchRows', () => {
  it('makes one row per owner launch, named, placed and aged by its instance, costing the sum', () => {
    const rows = [
      row({ kind: 'security-group', id: 'sg-1', launchId: 'l-1', region: 'eu-west-1', createdAt: undefined }),
      row({
        kind: 'instance',
        id: 'i-1',
        launchId: 'l-1',
        region: 'eu-west-1',
        name: 'web',
        state: 'stopped',
        createdAt: '2026-12-01T00:00:00.000Z',
        costPerDay: 0,
        costBasis: 'price-list',
      }),
      row({
        kind: 'volume',
        id: 'vol-1',
        launchId: 'l-1',
        region: 'eu-west-1',
        costPerDay: 0.04,
        costBasis: 'storage',
      }),
      row({ kind: 'image', id: 'ami-1', launchId: 'l-2', createdAt: '2026-12-03T00:00:00.000Z' }),
      row({ kind: 'snapshot', id: 'snap-1', launchId: 'l-2', createdAt: '2026-12-02T00:00:00.000Z', costPerDay: 0.01 }),
      row({ kind: 'bucket', id: 'kiln-artifacts', costPerDay: null, costBasis: 'unknown' }),
    ];
    const launches = launchRows(rows, (id) => id === 'l-1');
    expect(launches).toEqual([
      {
        kind: 'launch',
        id: 'l-1',
        launchId: 'l-1',
        name: 'web',
        region: 'eu-west-1',
        knownHere: true,
        createdAt: '2026-12-01T00:00:00.000Z',
        state: 'stopped',
        detail: '1 security-group, 1 instance, 1 volume',
        costPerDay: 0.04,
        costBasis: 'sum',
      },
      {
        kind: 'launch',
        id: 'l-2',
        launchId: 'l-2',
        name: undefined,
        region: 'us-east-1',
        knownHere: false,
        // No instance (a launch that was terminated after its bake): its oldest resource dates it.
        createdAt: '2026-12-02T00:00:00.000Z',
        state: 'no instance',
        detail: '1 image, 1 snapshot',
        costPerDay: 0.01,
        costBasis: 'sum',
      },
    ]);
  });

  it('has no known cost when one of its resources has none', () => {
    const [launch] = launchRows(
      [
        row({ launchId: 'l-1', costPerDay: null, costBasis: 'unknown' }),
        row({ id: 'y', launchId: 'l-1', costPerDay: 1 }),
      ],
      () => false,
    );
    expect(launch?.costPerDay).toBeNull();
  });
});

describe('sortRows', () => {
  it('orders by kind (launches first), region, then id', () => {
    const sorted = sortRows([
      row({ kind: 'bucket', id: 'b' }),
      row({ kind: 'instance', id: 'i-2', region: 'us-west-2' }),
      row({ kind: 'instance', id: 'i-9', region: 'eu-west-1' }),
      row({ kind: 'launch', id: 'l' }),
      row({ kind: 'instance', id: 'i-1', region: 'us-west-2' }),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['l', 'i-9', 'i-1', 'i-2', 'b']);
  });
});
