/**
 * The secret store as the launch services see it: an agent token that is not on this machine (web mode after a
 * restart keeps none; a secrets file that could not be read) is read back from the launch's SecureString in
 * Parameter Store, the same path Import from AWS uses, and kept in the store from then on. So a restart never
 * strands a launch: its agent link reconnects, and a Save as AMI can still seal through the agent.
 */
import type { LaunchRecord } from '../../common/models';
import type { AwsClientPool } from '../aws/clients';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { SecretStore } from '../store/secret-store';
import { agentTokenKey } from './create-resources';
import { fetchLaunchSecret } from './launch-ledger';

export interface AgentTokenRecoveryDeps {
  secrets: SecretStore;
  /** The launch a token belongs to (its profile and region say where its parameter is). */
  findLaunch: (launchId: string) => LaunchRecord | undefined;
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  log: (message: string, error?: unknown) => void;
}

const TOKEN_KEY_PREFIX = agentTokenKey('');

export function withAgentTokenRecovery(deps: AgentTokenRecoveryDeps): SecretStore {
  // Concurrent reads of one missing token share one Parameter Store call.
  const recovering = new Map<string, Promise<string | undefined>>();

  async function recover(key: string, launchId: string): Promise<string | undefined> {
    const record = deps.findLaunch(launchId);
    if (!record) return undefined;
    try {
      const context = await deps.profiles.get(record.spec.profileId);
      const secret = await fetchLaunchSecret(context, deps.clients.get(context, record.spec.region).ssm, launchId);
      if (!secret) return undefined;
      await deps.secrets
        .set(key, secret.token)
        .catch((error: unknown) => deps.log(`could not keep the agent token of ${launchId}`, error));
      return secret.token;
    } catch (error) {
      deps.log(`could not read the agent token of ${launchId} from Parameter Store`, error);
      return undefined;
    }
  }

  return {
    async get(key) {
      const stored = await deps.secrets.get(key).catch((error: unknown) => {
        deps.log(`could not read ${key} from the secret store`, error);
        return undefined;
      });
      const launchId = key.startsWith(TOKEN_KEY_PREFIX) ? key.slice(TOKEN_KEY_PREFIX.length) : undefined;
      if (stored !== undefined || !launchId) return stored;
      let pending = recovering.get(key);
      if (!pending) {
        pending = recover(key, launchId).finally(() => recovering.delete(key));
        recovering.set(key, pending);
      }
      return pending;
    },
    set: (key, value) => deps.secrets.set(key, value),
    delete: (key) => deps.secrets.delete(key),
  };
}
