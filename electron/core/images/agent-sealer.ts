/**
 * Asks a launch's agent to seal the instance over its authenticated channel (pinned certificate, bearer token).
 * The agent port closes when an install ends, so it is opened to the operator's current address for the moment the
 * seal needs, and closed again afterwards whatever happened.
 */
import type { LaunchRecord, SealReport } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { sealThroughAgent } from '../agent-link/agent-seal';
import type { AwsClientPool } from '../aws/clients';
import { agentTokenKey } from '../launch/create-resources';
import { moveOperatorRules, revokeAgentRule } from '../launch/launch-resources';
import type { ProfileContext } from '../profiles/profile-context';
import type { SecretStore } from '../store/secret-store';

export interface AgentSealer {
  seal(
    context: ProfileContext,
    record: LaunchRecord,
    options: { keepAgent: boolean; generalize: boolean },
  ): Promise<SealReport>;
}

export interface AgentSealerDeps {
  clients: AwsClientPool;
  secrets: SecretStore;
  /** Records a port the seal could not close again on the launch, where the operator sees it. */
  records: { update(launchId: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord> };
  log: (message: string, error?: unknown) => void;
  timeoutMs?: number;
}

export function createAgentSealer(deps: AgentSealerDeps): AgentSealer {
  return {
    async seal(context, record, options) {
      const token = await deps.secrets.get(agentTokenKey(record.id));
      if (!token)
        throw new KilnFailure({
          code: 'NoAgentToken',
          message: 'the agent token of this launch is not on this workstation',
          remedy: 'Import the launch from AWS to recover its token.',
        });
      const host = context.agentAddress({ instanceId: record.instanceId!, publicIp: record.publicIp });
      if (!host)
        throw new KilnFailure({
          code: 'NoPublicAddress',
          message: 'the instance has no address Kiln can reach',
          remedy: 'Attach an Elastic IP.',
        });
      const pin = record.agentCertificate && {
        certPem: record.agentCertificate.pem,
        fingerprint256: record.agentCertificate.fingerprint256,
      };
      const ec2 = deps.clients.get(context, record.spec.region).ec2;
      const opened = await openAgentPort(context, ec2, record);
      try {
        const answer = await sealThroughAgent({
          baseUrl: `${pin ? 'https' : 'http'}://${host}:${record.spec.agentPort}`,
          token,
          pin,
          keepAgent: options.keepAgent,
          generalize: options.generalize,
          // A seal with sysprep (Windows) can take many minutes.
          signal: AbortSignal.timeout(deps.timeoutMs ?? (options.generalize ? 45 : 5) * 60_000),
        });
        return {
          sealed: answer.actions.every((action) => action.ok),
          removed: answer.removed,
          kept: answer.kept,
          actions: answer.actions,
        };
      } catch (error) {
        if (error instanceof KilnFailure) throw error;
        throw new KilnFailure({
          code: 'SealFailed',
          message: error instanceof Error ? error.message : String(error),
          remedy: 'Check the connectivity doctor.',
        });
      } finally {
        if (opened) {
          await revokeAgentRule(context, ec2, {
            groupId: record.securityGroupId!,
            agentPort: record.spec.agentPort,
            operatorCidr: opened,
          }).catch(async (error: unknown) => {
            deps.log(`could not close the agent port of ${record.id} after sealing`, error);
            const warning = {
              code: 'AgentPortLeftOpen',
              message: `The agent port ${record.spec.agentPort} stays open to ${opened} in ${record.securityGroupId}: Kiln could not close it after sealing (${error instanceof Error ? error.message : String(error)}).`,
              remedy: 'Remove the rule in the EC2 console, or terminate the launch (its security group goes with it).',
            };
            await deps.records.update(record.id, (r) => ({
              ...r,
              agentRuleRevoked: false,
              warnings: [...(r.warnings ?? []), warning],
            }));
          });
        }
      }
    },
  };
}

/** Opens the agent port to the operator's current address when the install closed it; returns that address. */
async function openAgentPort(
  context: ProfileContext,
  ec2: Parameters<typeof revokeAgentRule>[1],
  record: LaunchRecord,
): Promise<string | undefined> {
  if (!record.agentRuleRevoked || !record.securityGroupId || record.securityGroupDeleted) return undefined;
  const to = await context.operatorCidr();
  await moveOperatorRules(context, ec2, {
    groupId: record.securityGroupId,
    agentPort: record.spec.agentPort,
    from: undefined,
    to,
  });
  return to;
}
