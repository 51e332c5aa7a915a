/**
 * The AWS side of a launch's secrets: the agent token and pinned certificate, kept in SSM Parameter Store as a
 * SecureString (encrypted with the account's KMS key, readable only with IAM permission) so that another
 * workstation, or this one after losing its disk, can import the launch and read its log from the agent.
 */
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE, KILN_LAUNCH_ID_TAG } from './tags';

export const LaunchSecret = z.object({ token: z.string().min(1), certPem: z.string().min(1) });
export type LaunchSecret = z.infer<typeof LaunchSecret>;

export const launchSecretName = (launchId: string) => `/kiln/launches/${launchId}/agent`;

export async function publishLaunchSecret(
  context: ProfileContext,
  ssm: SSMClient,
  launchId: string,
  secret: LaunchSecret,
): Promise<void> {
  await awsCall(context, 'store the launch secret in Parameter Store', () =>
    ssm.send(
      new PutParameterCommand({
        Name: launchSecretName(launchId),
        Type: 'SecureString',
        Value: JSON.stringify(secret),
        Description: 'Kiln: agent token and certificate of one launch',
        Tags: [
          { Key: KILN_LAUNCH_ID_TAG, Value: launchId },
          { Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE },
        ],
      }),
    ),
  );
}

/** The stored secret, or undefined when there is none (an older launch, or no permission to read it). */
export async function fetchLaunchSecret(
  context: ProfileContext,
  ssm: SSMClient,
  launchId: string,
): Promise<LaunchSecret | undefined> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: launchSecretName(launchId), WithDecryption: true }));
    const parsed = LaunchSecret.safeParse(JSON.parse(out.Parameter?.Value ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    const code = awsErrorCode(error) ?? '';
    // No secret, or no permission to read or decrypt it: the launch is imported without its log.
    if (code === 'ParameterNotFound' || /AccessDenied|KMS|Unauthorized/i.test(code)) return undefined;
    throwAwsFailure(context, 'read the launch secret from Parameter Store', error);
  }
}

export async function deleteLaunchSecret(context: ProfileContext, ssm: SSMClient, launchId: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: launchSecretName(launchId) }));
  } catch (error) {
    if (awsErrorCode(error) === 'ParameterNotFound') return;
    throwAwsFailure(context, 'delete the launch secret from Parameter Store', error);
  }
}
