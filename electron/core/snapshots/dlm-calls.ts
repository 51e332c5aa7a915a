/**
 * The Data Lifecycle Manager and IAM calls behind snapshot schedules, shared by the schedule service, launch cleanup
 * and the orphan sweeper.
 */
import {
  DeleteLifecyclePolicyCommand,
  GetLifecyclePoliciesCommand,
  GetLifecyclePolicyCommand,
  type DLMClient,
  type LifecyclePolicySummary,
} from '@aws-sdk/client-dlm';
import { AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { DlmRoleStatus, SnapshotPolicy } from '../../common/models';
import { DLM_DEFAULT_ROLE_NAME, DLM_MANAGED_POLICY_ARN } from '../../common/models';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { scheduleOfPolicy } from './snapshot-policy-details';

const isNotFound = (error: unknown) =>
  ['ResourceNotFoundException', 'ResourceNotFound'].includes(awsErrorCode(error) ?? '');
const isNoSuchEntity = (error: unknown) =>
  ['NoSuchEntity', 'NoSuchEntityException'].includes(awsErrorCode(error) ?? '');
const isAccessDenied = (error: unknown) =>
  ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'].includes(awsErrorCode(error) ?? '');

/** Deletes a lifecycle policy; one that is already gone is fine. The snapshots it made are kept. */
export async function deleteSnapshotPolicy(context: ProfileContext, dlm: DLMClient, policyId: string): Promise<void> {
  try {
    await dlm.send(new DeleteLifecyclePolicyCommand({ PolicyId: policyId }));
  } catch (error) {
    if (!isNotFound(error)) throwAwsFailure(context, `delete the snapshot policy ${policyId}`, error);
  }
}

/** The policy as DLM reports it, or state `missing` when it no longer exists. */
export async function readSnapshotPolicy(
  context: ProfileContext,
  dlm: DLMClient,
  policyId: string,
): Promise<SnapshotPolicy> {
  try {
    const { Policy: policy } = await dlm.send(new GetLifecyclePolicyCommand({ PolicyId: policyId }));
    return {
      policyId,
      state: policy?.State ?? 'ERROR',
      statusMessage: policy?.StatusMessage,
      schedule: scheduleOfPolicy(policy?.PolicyDetails),
      modifiedAt: policy?.DateModified?.toISOString(),
    };
  } catch (error) {
    if (isNotFound(error)) return { policyId, state: 'missing', statusMessage: 'The policy no longer exists.' };
    throwAwsFailure(context, `read the snapshot policy ${policyId}`, error);
  }
}

/** Every lifecycle policy of the region that Kiln made (tagged `kiln:created-by`), with its tags. */
export async function listKilnPolicies(
  context: ProfileContext,
  dlm: DLMClient,
  region: string,
): Promise<LifecyclePolicySummary[]> {
  // GetLifecyclePolicies is not paginated: one call lists the region's policies (at most 100 per account and region).
  const out = await awsCall(context, `list the snapshot policies in ${region}`, () =>
    dlm.send(new GetLifecyclePoliciesCommand({ ResourceTypes: ['VOLUME'] })),
  );
  return (out.Policies ?? []).filter((p) => p.Tags?.[KILN_CREATED_BY_TAG] === KILN_CREATED_BY_VALUE);
}

/**
 * Whether DLM's default role exists in the profile's account. A profile that may not read IAM roles (`iam:GetRole`
 * denied) still may run DLM: the role is then taken by its well-known ARN, marked unverified, and DLM itself refuses
 * the schedule if the role is missing.
 */
export async function dlmRoleStatus(
  context: ProfileContext,
  clients: { iam: IAMClient; sts: STSClient },
): Promise<DlmRoleStatus> {
  const base = { name: DLM_DEFAULT_ROLE_NAME, managedPolicyArn: DLM_MANAGED_POLICY_ARN };
  try {
    const { Role: role } = await clients.iam.send(new GetRoleCommand({ RoleName: DLM_DEFAULT_ROLE_NAME }));
    return { ...base, exists: true, arn: role?.Arn };
  } catch (error) {
    if (isNoSuchEntity(error)) return { ...base, exists: false };
    if (!isAccessDenied(error)) throwAwsFailure(context, `look up the IAM role ${DLM_DEFAULT_ROLE_NAME}`, error);
    const caller = await awsCall(context, 'ask AWS which account these credentials belong to', () =>
      clients.sts.send(new GetCallerIdentityCommand({})),
    );
    return { ...base, exists: true, unverified: true, arn: roleArnOf(caller.Arn, caller.Account) };
  }
}

/** `arn:<partition>:iam::<account>:role/<DLM default role>`, the partition taken from the caller's own ARN. */
export function roleArnOf(callerArn: string | undefined, account: string | undefined): string | undefined {
  const partition = callerArn?.split(':')[1];
  return partition && account ? `arn:${partition}:iam::${account}:role/${DLM_DEFAULT_ROLE_NAME}` : undefined;
}

/** The trust policy of DLM's default role: only the DLM service may assume it. */
export const DLM_ROLE_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'dlm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/**
 * Creates DLM's default role as `aws dlm create-default-role` does (same name, trust and managed policy). If the
 * policy cannot be attached, the new role is deleted again: a role DLM cannot use must not look like one it can.
 */
export async function createDlmDefaultRole(context: ProfileContext, iam: IAMClient): Promise<DlmRoleStatus> {
  const created = await awsCall(context, `create the IAM role ${DLM_DEFAULT_ROLE_NAME}`, () =>
    iam.send(
      new CreateRoleCommand({
        RoleName: DLM_DEFAULT_ROLE_NAME,
        AssumeRolePolicyDocument: JSON.stringify(DLM_ROLE_TRUST_POLICY),
        Description: 'Default role for Amazon Data Lifecycle Manager (created by Kiln for snapshot schedules)',
        Tags: [{ Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE }],
      }),
    ),
  );
  try {
    await iam.send(new AttachRolePolicyCommand({ RoleName: DLM_DEFAULT_ROLE_NAME, PolicyArn: DLM_MANAGED_POLICY_ARN }));
  } catch (error) {
    await iam.send(new DeleteRoleCommand({ RoleName: DLM_DEFAULT_ROLE_NAME })).catch(() => undefined);
    throwAwsFailure(context, `attach ${DLM_MANAGED_POLICY_ARN} to ${DLM_DEFAULT_ROLE_NAME}`, error);
  }
  return {
    name: DLM_DEFAULT_ROLE_NAME,
    managedPolicyArn: DLM_MANAGED_POLICY_ARN,
    exists: true,
    arn: created.Role?.Arn,
  };
}
