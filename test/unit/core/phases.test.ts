import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { advance, canAdvance } from '../../../electron/core/launch/phases';

const base: LaunchRecord = {
  id: 'l1',
  spec: {
    profileId: 'p',
    region: 'us-east-1',
    name: 'n',
    imageId: 'ami-12345678',
    instanceType: 't3.micro',
    installScript: 'x',
    agentPort: 8443,
    keepAgentOpen: false,
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  phase: 'requested',
  timeline: [{ phase: 'requested', at: '2026-01-01T00:00:00.000Z' }],
  securityGroupDeleted: false,
  agentRuleRevoked: false,
  agentCursor: 0,
};

describe('launch phases', () => {
  it('moves forward and stamps the timeline', () => {
    const at = new Date('2026-01-01T00:00:05.000Z');
    const next = advance(base, 'pending', at);
    expect(next.phase).toBe('pending');
    expect(next.timeline.at(-1)).toEqual({ phase: 'pending', at: at.toISOString() });
  });

  it('ignores late or repeated reports', () => {
    const succeeded = { ...base, phase: 'succeeded' as const };
    expect(advance(succeeded, 'running', new Date())).toBe(succeeded);
    expect(advance(succeeded, 'succeeded', new Date())).toBe(succeeded);
    expect(canAdvance('installing', 'waiting-for-agent')).toBe(false);
  });

  it('allows terminate from anywhere but nothing after terminated', () => {
    expect(canAdvance('pending', 'terminating')).toBe(true);
    expect(canAdvance('failed', 'terminated')).toBe(true);
    expect(canAdvance('terminated', 'running')).toBe(false);
    expect(canAdvance('terminating', 'succeeded')).toBe(false);
  });
});
