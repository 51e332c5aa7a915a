/** Turns AWS SDK and network errors into messages an operator can act on. */
import type { KilnError } from '../../common/result';

interface Known {
  message: (raw: string) => string;
  remedy: string;
  field?: string;
}

const CREDENTIALS_REMEDY =
  'Refresh the credentials of this profile (for SSO: aws sso login; for access keys: check them in ~/.aws/credentials) and retry.';

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
  Unsupported: {
    message: (raw) =>
      `AWS does not offer this configuration here (often: the instance type in this Availability Zone): ${raw}`,
    remedy: 'Pick another instance type, or a subnet in another Availability Zone.',
    field: 'instanceType',
  },
  InsufficientInstanceCapacity: {
    message: () => 'AWS has no capacity for this instance type in this Availability Zone right now.',
    remedy: 'Try another instance type or another subnet/Availability Zone, or retry in a few minutes.',
    field: 'instanceType',
  },
  InstanceLimitExceeded: {
    message: () => 'This launch would exceed the account’s limit of running instances of this type in the region.',
    remedy: 'Terminate unused instances or request a higher limit in Service Quotas.',
    field: 'instanceType',
  },
  VcpuLimitExceeded: {
    message: () => 'This launch would exceed the account’s vCPU quota for this instance family.',
    remedy: 'Terminate unused instances or request a quota increase in Service Quotas.',
    field: 'instanceType',
  },
  RequestLimitExceeded: {
    message: () => 'AWS throttled Kiln’s requests (RequestLimitExceeded) even after retries.',
    remedy: 'Other tools may share this account’s API budget; wait a minute and retry.',
  },
  'InvalidKeyPair.NotFound': {
    message: () => 'That key pair does not exist in this region.',
    remedy: 'Pick a key pair from the list, or let Kiln create one.',
    field: 'keyPair.name',
  },
  'InvalidKeyPair.Duplicate': {
    message: () => 'A key pair with this name already exists in this region.',
    remedy: 'Choose another name, or use the existing key pair.',
    field: 'keyPair.name',
  },
  'InvalidKeyPair.Format': {
    message: (raw) => `AWS cannot read that public key: ${raw}`,
    remedy: 'Paste an OpenSSH public key (ssh-rsa or ssh-ed25519 …) in one line.',
    field: 'keyPair.publicKey',
  },
  'InvalidSubnetID.NotFound': {
    message: () => 'That subnet does not exist in this region.',
    remedy: 'Pick a subnet from the list of the chosen VPC.',
    field: 'network.subnetId',
  },
  'InvalidVpcID.NotFound': {
    message: () => 'That VPC does not exist in this region.',
    remedy: 'Pick a VPC from the list.',
    field: 'network.vpcId',
  },
  'InvalidGroup.NotFound': {
    message: () => 'A chosen security group does not exist in this VPC.',
    remedy: 'Pick security groups of the chosen VPC from the list, or let Kiln create one.',
    field: 'network.existingGroupIds',
  },
  InvalidParameterCombination: {
    message: (raw) => `AWS refused this combination of settings: ${raw}`,
    remedy:
      'Change one of the settings the message names (for example the instance type, the volume type or the public IP choice).',
  },
  OptInRequired: {
    message: () => 'This account is not subscribed to the service or the region (opt-in required).',
    remedy: 'Enable the region in the account settings, or accept the AMI’s Marketplace terms, then retry.',
    field: 'region',
  },
  ExpiredToken: {
    message: () => 'The credentials of this profile have expired.',
    remedy: CREDENTIALS_REMEDY,
  },
  RequestExpired: {
    message: () => 'AWS refused the request as expired: the system clock is off, or the credentials expired.',
    remedy: 'Set the system clock to the right time (NTP), refresh the credentials and retry.',
  },
  InvalidClientTokenId: {
    message: () => 'AWS does not know the access key of this profile.',
    remedy: CREDENTIALS_REMEDY,
  },
  SignatureDoesNotMatch: {
    message: () => 'AWS did not accept the signature: the secret access key of this profile is wrong.',
    remedy: 'Check the secret access key of the profile (no spaces or line breaks) and retry.',
  },
  UnrecognizedClientException: {
    message: () => 'AWS does not recognise the credentials of this profile.',
    remedy: CREDENTIALS_REMEDY,
  },
  AuthFailure: {
    message: () => 'AWS did not accept the credentials of this profile.',
    remedy: 'Check the access key and secret of the profile, and the system clock.',
  },
  UnauthorizedOperation: {
    message: (raw) => `This identity is not allowed to perform the operation. ${withoutEncodedMessage(raw)}`.trim(),
    remedy: 'Ask an administrator for the missing EC2 permission, or use another profile.',
  },
  AccessDenied: {
    message: (raw) => `This identity is not allowed to perform the operation. ${raw}`.trim(),
    remedy: 'Ask an administrator for the missing permission, or use another profile.',
  },
  'InvalidGroup.Duplicate': {
    message: () => 'A security group with this name already exists in the VPC.',
    remedy: 'Retry the launch; Kiln picks a new group name each time.',
  },
  OperationNotPermitted: {
    message: (raw) => `AWS did not allow the operation: ${raw}`.trim(),
    remedy:
      'If the instance has termination protection, turn it off in the EC2 console (Instance settings → Change termination protection) and try again.',
  },
  DependencyViolation: {
    message: () => 'The resource is still in use by another resource.',
    remedy: 'Kiln retries this automatically; if it persists, check what still uses it in the console.',
  },
};

const ENCODED_MARKER = /\s*Encoded authorization failure message:\s*(\S+)\s*$/;

/** The opaque blob AWS appends to UnauthorizedOperation messages, for STS DecodeAuthorizationMessage. */
export function encodedAuthorizationMessage(error: unknown): string | undefined {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return ENCODED_MARKER.exec(raw)?.[1];
}

/** The message without the encoded blob, which is long and means nothing to a person. */
function withoutEncodedMessage(raw: string): string {
  return raw.replace(ENCODED_MARKER, '').trim();
}

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
