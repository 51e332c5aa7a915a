// An agent token missing on this machine (web mode after a restart) is read back from the launch's parameter in
// Parameter Store, once for concurrent reads, and kept; other keys and unknown launches are left alone.
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import type { AwsClientPool } from '../../../../electron/core/aws/clients';
import { withAgentTokenRecovery } from '../../../../electron/core/launch/agent-token-recovery';
import { agentTokenKey } from '../../../../electron/core/launch/create-resources';
import type { ProfileRegistry } from '../../../../electron/core/profiles/profile-registry';
import { createMemorySecretStore } from '../../../../electron/core/store/secret-store';

function setup(parameters: Record<string, string>) {
  const asked: string[] = [];
  const ssm = {
    send: async (command: { input: { Name: string } }) => {
      asked.push(command.input.Name);
      const value = parameters[command.input.Name];
      if (value === undefined)
        throw Object.assign(new Error('not found'), { name: 'ParameterNotFound', Code: 'ParameterNotFound' });
      return { Parameter: { Value: value } };
    },
  };
  const clients = { get: () => ({ ssm }) } as unknown as AwsClientPool;
  const profiles = { get: async () => ({ profile: { id: 'p' } }) } as unknown as ProfileRegistry;
  const inner = createMemorySecretStore();
  const launch = { id: 'l-1', spec: { profileId: 'p', region: 'us-east-1' } } as LaunchRecord;
  const secrets = withAgentTokenRecovery({
    secrets: inner,
    findLaunch: (id) => (id === launch.id ? launch : undefined),
    profiles,
    clients,
    log: () => undefined,
  });
  return { secrets, inner, asked };
}

describe('agent token recovery', () => {
  it('reads a missing token back from Parameter Store once, and keeps it', async () => {
    const { secrets, inner, asked } = setup({
      '/kiln/launches/l-1/agent': JSON.stringify({ token: 'tok', certPem: 'PEM' }),
    });
    expect(await Promise.all([secrets.get(agentTokenKey('l-1')), secrets.get(agentTokenKey('l-1'))])).toEqual([
      'tok',
      'tok',
    ]);
    expect(await inner.get(agentTokenKey('l-1'))).toBe('tok');
    expect(await secrets.get(agentTokenKey('l-1'))).toBe('tok');
    expect(asked).toEqual(['/kiln/launches/l-1/agent']);
  });

  it('answers undefined when the parameter is not there, or the launch or key is not an agent token of a known launch', async () => {
    const { secrets, asked } = setup({});
    expect(await secrets.get(agentTokenKey('l-1'))).toBeUndefined();
    expect(await secrets.get(agentTokenKey('unknown'))).toBeUndefined();
    expect(await secrets.get('something-else')).toBeUndefined();
    expect(asked).toEqual(['/kiln/launches/l-1/agent']);
  });
});
