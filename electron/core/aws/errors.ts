/** Turns AWS SDK and network errors into messages an operator can act on. */
import type { KilnError } from '../../common/result';

interface Known {
  message: (raw: string) => string;
  remedy: string;
  field?: string;
}

const KNOWN: Record<string, Known> = {
  'InvalidAMIID.NotFound': {
    message: () => 'That AMI does not exist in this region, or this account cannot use it.',
    remedy: 'Check the AMI id and the region, or pick a quick-start AMI.',
    field: 'imageId',
  },
  'InvalidAMIID.Malformed': {
    message: () => 'That is not a valid AMI id.',
    remedy: 'An AMI id looks like ami-0123456789abcdef0.',
    field: 'imageId',
  },
  InvalidInstanceType: {
    message: (raw) => `The instance type is not valid here: ${raw}`,
    remedy: 'Pick an instance type offered in this region for the AMI’s architecture.',
    field: 'instanceType',
  },
  InsufficientInstanceCapacity: {
    message: () => 'AWS has no capacity for this instance type in this Availability Zone right now.',
    remedy: 'Try another instance type or another subnet/Availability Zone, or retry in a few minutes.',
    field: 'instanceType',
  },
  VcpuLimitExceeded: {
    message: () => 'This launch would exceed the account’s vCPU quota for this instance family.',
    remedy: 'Terminate unused instances or request a quota increase in Service Quotas.',
  },
  RequestLimitExceeded: {
    message: () => 'AWS throttled Kiln’s requests (RequestLimitExceeded) even after retries.',
    remedy: 'Other tools may share this account’s API budget; wait a minute and retry.',
  },
  ExpiredToken: {
    message: () => 'The credentials of this profile have expired.',
    remedy: 'Refresh them (for SSO: aws sso login) and retry.',
  },
  AuthFailure: {
    message: () => 'AWS did not accept the credentials of this profile.',
    remedy: 'Check the access key and secret of the profile, and the system clock.',
  },
  UnauthorizedOperation: {
    message: (raw) => `This identity is not allowed to perform the operation. ${raw}`.trim(),
    remedy: 'Ask an administrator for the missing EC2 permission, or use another profile.',
  },
  'InvalidGroup.Duplicate': {
    message: () => 'A security group with this name already exists in the VPC.',
    remedy: 'Retry the launch; Kiln picks a new group name each time.',
  },
  DependencyViolation: {
    message: () => 'The resource is still in use by another resource.',
    remedy: 'Kiln retries this automatically; if it persists, check what still uses it in the console.',
  },
};

/** Maps anything thrown by an AWS call to a KilnError. `context` names what Kiln was doing. */
export function toKilnError(error: unknown, context: { action: string; endpoint?: string }): KilnError {
  const code = awsErrorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  if (code && KNOWN[code]) {
    const known = KNOWN[code];
    return { code, message: known.message(raw), remedy: known.remedy, field: known.field };
  }
  if (isConnectionError(error)) {
    return context.endpoint
      ? {
          code: 'SandboxNotRunning',
          message: `The local sandbox at ${context.endpoint} does not answer, so Kiln could not ${context.action}.`,
          remedy: 'Start it again: restart `npm start`, or run `npm run sandbox` and retry.',
        }
      : {
          code: 'NetworkError',
          message: `Kiln could not reach AWS to ${context.action}: ${raw}`,
          remedy: 'Check the network connection and any proxy settings, then retry.',
        };
  }
  return {
    code: code ?? 'AwsError',
    message: `AWS refused to ${context.action}: ${raw}`,
    remedy: 'Read the message above; fix the input or the account setting it names and retry.',
  };
}

export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.name === 'string' && e.name !== 'Error' && e.name !== 'TypeError') return e.name;
  return typeof e.code === 'string' ? e.code : undefined;
}

function isConnectionError(error: unknown): boolean {
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'TimeoutError'];
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown[] };
    if (codes.includes(String(candidate.code)) || codes.includes(String(candidate.name))) return true;
    if (Array.isArray(candidate.errors) && candidate.errors.some((inner) => isConnectionError(inner))) return true;
    e = candidate.cause;
  }
  return false;
}
