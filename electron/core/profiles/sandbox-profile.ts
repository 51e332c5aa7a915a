/** The Local sandbox profile: moto on loopback, dummy credentials, agents on per-instance loopback addresses. */
import {
  sandboxAgentAddress,
  SANDBOX_CREDENTIALS,
  SANDBOX_DEFAULT_REGION,
  sandboxLoginUser,
  sandboxSshPort,
} from '../sandbox/address';
import type { ProfileContext } from './profile-context';

export const SANDBOX_PROFILE_ID = 'local-sandbox';

/** Regions whose instances the sandbox's instance host runs (each costs moto one DescribeInstances per tick). */
export const SANDBOX_REGIONS: readonly string[] = [SANDBOX_DEFAULT_REGION, 'us-west-2', 'eu-west-1'];

export function createSandboxProfile(endpoint: string, regions: readonly string[] = SANDBOX_REGIONS): ProfileContext {
  return {
    regions,
    profile: {
      id: SANDBOX_PROFILE_ID,
      label: 'Local sandbox',
      kind: 'sandbox',
      credentialKind: 'sandbox',
      available: true,
      defaultRegion: SANDBOX_DEFAULT_REGION,
    },
    endpointForErrors: endpoint,
    usesHostNode: true,
    clientConfig: (region) => ({
      region,
      endpoint,
      credentials: { ...SANDBOX_CREDENTIALS },
      forcePathStyle: true,
      maxAttempts: 2,
      retryMode: 'standard',
    }),
    agentAddress: ({ instanceId }) => sandboxAgentAddress(instanceId),
    // Every instance's sshd listens on the instance's own loopback address; the sandbox runs no RDP server.
    loginEndpoint: ({ instanceId }, standardPort) =>
      standardPort === 22 ? { host: sandboxAgentAddress(instanceId), port: sandboxSshPort() } : undefined,
    loginUser: sandboxLoginUser(),
    operatorCidr: () => Promise.resolve('127.0.0.1/32'),
  };
}

/** Shown when moto_server is not installed: listed, but not selectable, with the reason. */
export function unavailableSandboxProfile(reason: string): ProfileContext['profile'] {
  return {
    id: SANDBOX_PROFILE_ID,
    label: 'Local sandbox',
    kind: 'sandbox',
    credentialKind: 'sandbox',
    available: false,
    reason,
  };
}
