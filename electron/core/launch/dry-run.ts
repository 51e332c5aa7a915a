/**
 * Asks EC2 whether this identity may create what a launch needs, before creating any of it: each call goes out with
 * DryRun, where `DryRunOperation` means "would have succeeded". A denial names the missing action and resource
 * (decoded through STS where that is permitted).
 */
import {
  CreateSecurityGroupCommand,
  ImportKeyPairCommand,
  RunInstancesCommand,
  type CreateSecurityGroupCommandInput,
  type ImportKeyPairCommandInput,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import type { KeyPairChoice } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AwsClients } from '../aws/clients';
import { explainDenied } from '../aws/authorization-message';
import { awsErrorCode, toKilnError } from '../aws/errors';
import { importKeyPairInput } from '../keypairs/key-pairs';
import type { ProfileContext } from '../profiles/profile-context';
import { createSecurityGroupInput, type SecurityGroupRequest } from './launch-resources';

/** A well-formed public key for the ImportKeyPair dry run of a key Kiln has not generated yet. */
const SAMPLE_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPWvNLnAn/38VcUKVhHE6U7YQ1qbq7YKfquzTrFkyZx2 kiln-dry-run';

export interface DryRunPlan {
  runInstances: RunInstancesCommandInput;
  /** Kiln's per-launch group, as the launch will create it (tags included: tag-on-create needs its own permission). */
  securityGroup: Pick<SecurityGroupRequest, 'launchId' | 'name' | 'vpcId' | 'loginPort' | 'tags'>;
  keyPair: KeyPairChoice;
}

/** The requests the dry run sends: the launch's own, built by the same functions, with DryRun. */
export function dryRunRequests(plan: DryRunPlan): {
  runInstances: RunInstancesCommandInput;
  securityGroup: CreateSecurityGroupCommandInput;
  keyPair?: ImportKeyPairCommandInput;
} {
  const { keyPair } = plan;
  return {
    runInstances: { ...plan.runInstances, ClientToken: undefined, DryRun: true },
    securityGroup: { ...createSecurityGroupInput(plan.securityGroup), DryRun: true },
    keyPair:
      keyPair.mode === 'create' || keyPair.mode === 'import'
        ? {
            ...importKeyPairInput(
              plan.securityGroup.launchId,
              keyPair.name,
              keyPair.mode === 'import' ? keyPair.publicKey : SAMPLE_PUBLIC_KEY,
            ),
            DryRun: true,
          }
        : undefined,
  };
}

/** Sends one request with DryRun; resolves when AWS says it would have succeeded. */
export async function dryRun(
  context: ProfileContext,
  clients: Pick<AwsClients, 'sts'>,
  operation: string,
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'DryRunOperation') return;
    const where = { action: `check permission for ${operation}`, endpoint: context.endpointForErrors };
    if (code === 'UnauthorizedOperation' || code === 'AccessDenied') {
      throw new KilnFailure(await explainDenied(clients.sts, error, operation, where));
    }
    throw new KilnFailure(toKilnError(error, where));
  }
}

export async function dryRunLaunch(context: ProfileContext, clients: AwsClients, plan: DryRunPlan): Promise<void> {
  const { ec2 } = clients;
  const requests = dryRunRequests(plan);
  await dryRun(context, clients, 'RunInstances', () => ec2.send(new RunInstancesCommand(requests.runInstances)));
  await dryRun(context, clients, 'CreateSecurityGroup', () =>
    ec2.send(new CreateSecurityGroupCommand(requests.securityGroup)),
  );
  const keyPair = requests.keyPair;
  if (keyPair) await dryRun(context, clients, 'ImportKeyPair', () => ec2.send(new ImportKeyPairCommand(keyPair)));
}
