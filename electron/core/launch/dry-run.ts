/**
 * Asks EC2 whether this identity may create what a launch needs, before creating any of it: each call goes out with
 * DryRun, where `DryRunOperation` means "would have succeeded". A denial names the missing action and resource
 * (decoded through STS where that is permitted).
 */
import {
  CreateSecurityGroupCommand,
  ImportKeyPairCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import type { KeyPairChoice } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AwsClients } from '../aws/clients';
import { explainDenied } from '../aws/authorization-message';
import { awsErrorCode, toKilnError } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';

/** A well-formed public key for the ImportKeyPair dry run of a key Kiln has not generated yet. */
const SAMPLE_PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPWvNLnAn/38VcUKVhHE6U7YQ1qbq7YKfquzTrFkyZx2 kiln-dry-run';

export interface DryRunPlan {
  runInstances: RunInstancesCommandInput;
  /** The VPC of Kiln's per-launch group. */
  vpcId: string;
  keyPair: KeyPairChoice;
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
  await dryRun(context, clients, 'RunInstances', () => ec2.send(new RunInstancesCommand({ ...plan.runInstances, ClientToken: undefined, DryRun: true })));
  await dryRun(context, clients, 'CreateSecurityGroup', () =>
    ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'kiln-dry-run', Description: 'Kiln permission check', VpcId: plan.vpcId, DryRun: true }),
    ),
  );
  const { keyPair } = plan;
  if (keyPair.mode === 'create' || keyPair.mode === 'import') {
    const publicKey = keyPair.mode === 'import' ? keyPair.publicKey : SAMPLE_PUBLIC_KEY;
    await dryRun(context, clients, 'ImportKeyPair', () =>
      ec2.send(new ImportKeyPairCommand({ KeyName: keyPair.name, PublicKeyMaterial: Buffer.from(publicKey, 'utf8'), DryRun: true })),
    );
  }
}
