import { describe, expect, it } from 'vitest';
import { withObservation } from '../../../electron/core/launch/observed-record';
import { launchRecord } from '../../support/fake-kiln-api';

const at = new Date('2025-01-15T10:05:00.000Z');

describe('withObservation', () => {
  it('keeps the same record when nothing changed, so a steady tick writes nothing', () => {
    const record = launchRecord({
      instanceState: 'running',
      publicIp: '54.1.2.3',
      publicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com',
      statusChecks: { system: 'ok', instance: 'ok', checkedAt: '2025-01-15T10:00:00.000Z' },
    });
    const same = withObservation(
      record,
      {
        instanceId: 'i-1',
        state: 'running',
        publicIp: '54.1.2.3',
        publicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com',
        statusChecks: { system: 'ok', instance: 'ok' },
      },
      at,
    );
    expect(same).toBe(record);
  });

  it('records the public DNS name and status checks when they change, with the time of the check', () => {
    const record = launchRecord({ instanceState: 'running', publicIp: '54.1.2.3' });
    const next = withObservation(
      record,
      {
        instanceId: 'i-1',
        state: 'running',
        publicIp: '54.1.2.3',
        publicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com',
        statusChecks: { system: 'ok', instance: 'initializing' },
      },
      at,
    );
    expect(next.publicDnsName).toBe('ec2-54-1-2-3.compute-1.amazonaws.com');
    expect(next.statusChecks).toEqual({ system: 'ok', instance: 'initializing', checkedAt: at.toISOString() });
  });

  it('keeps the last status checks on ticks that did not read them', () => {
    const checks = { system: 'ok', instance: 'ok', checkedAt: '2025-01-15T10:00:00.000Z' } as const;
    const record = launchRecord({ instanceState: 'running', statusChecks: checks });
    const next = withObservation(record, { instanceId: 'i-1', state: 'stopping' }, at);
    expect(next.instanceState).toBe('stopping');
    expect(next.statusChecks).toEqual(checks);
  });
});
