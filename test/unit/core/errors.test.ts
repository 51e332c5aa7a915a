import { describe, expect, it } from 'vitest';
import { awsErrorCode, encodedAuthorizationMessage, toKilnError } from '../../../electron/core/aws/errors';

function sdkError(name: string, message: string) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

describe('toKilnError', () => {
  it('names the field and a remedy for known EC2 errors', () => {
    const error = toKilnError(sdkError('InvalidAMIID.NotFound', "The image id '[ami-00000000]' does not exist"), {
      action: 'launch',
    });
    expect(error).toMatchObject({ code: 'InvalidAMIID.NotFound', field: 'imageId' });
    expect(error.remedy).toMatch(/AMI id/);
    expect(toKilnError(sdkError('RequestLimitExceeded', 'Request limit exceeded.'), { action: 'x' }).message).toMatch(
      /throttled/,
    );
  });

  // Every mapping: the code is kept, the message is Kiln's own, and the field is the wizard field it is about.
  it.each([
    ['InvalidKeyPair.NotFound', "The key pair 'k' does not exist", 'keyPair.name', /does not exist/],
    ['InvalidKeyPair.Duplicate', "The keypair 'k' already exists.", 'keyPair.name', /already exists/],
    [
      'InvalidKeyPair.Format',
      'Key is not in valid OpenSSH public key format',
      'keyPair.publicKey',
      /cannot read that public key/,
    ],
    [
      'InvalidSubnetID.NotFound',
      "The subnet ID 'subnet-1' does not exist",
      'network.subnetId',
      /subnet does not exist/,
    ],
    [
      'InvalidGroup.NotFound',
      "The security group 'sg-1' does not exist",
      'network.existingGroupIds',
      /security group does not exist/,
    ],
    ['InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist", 'network.vpcId', /VPC does not exist/],
    [
      'Unsupported',
      'Your requested instance type (t3.micro) is not supported in your requested Availability Zone (us-east-1e).',
      'instanceType',
      /us-east-1e/,
    ],
    [
      'InstanceLimitExceeded',
      'You have requested more instances (21) than your current instance limit of 20',
      'instanceType',
      /limit of running instances/,
    ],
    [
      'VcpuLimitExceeded',
      'You have requested more vCPU capacity than your current vCPU limit',
      'instanceType',
      /vCPU quota/,
    ],
    ['InsufficientInstanceCapacity', 'We currently do not have sufficient capacity', 'instanceType', /no capacity/],
    ['RequestLimitExceeded', 'Request limit exceeded.', undefined, /even after retries/],
    ['ExpiredToken', 'The security token included in the request is expired', undefined, /expired/],
    ['RequestExpired', 'Request has expired.', undefined, /clock/],
    [
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      undefined,
      /does not know the access key/,
    ],
    ['SignatureDoesNotMatch', 'The request signature we calculated does not match', undefined, /secret access key/],
    [
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      undefined,
      /does not recognise/,
    ],
    [
      'AuthFailure',
      'AWS was not able to validate the provided access credentials',
      undefined,
      /did not accept the credentials/,
    ],
    ['UnauthorizedOperation', 'You are not authorized to perform this operation.', undefined, /not allowed/],
    ['OptInRequired', 'You are not subscribed to this service.', 'region', /opt-in/],
    [
      'InvalidParameterCombination',
      'Network interfaces and an instance-level security groups may not be specified on the same request',
      undefined,
      /may not be specified/,
    ],
  ] as const)('maps %s', (code, raw, field, message) => {
    const error = toKilnError(sdkError(code, raw), { action: 'launch the instance' });
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.remedy).toBeTruthy();
    expect(error.field).toBe(field);
  });

  it('credential errors all tell the operator to refresh or fix the credentials', () => {
    for (const code of ['ExpiredToken', 'InvalidClientTokenId', 'UnrecognizedClientException']) {
      expect(toKilnError(sdkError(code, 'x'), { action: 'a' }).remedy).toMatch(/Refresh the credentials/);
    }
  });

  it('keeps the encoded authorization blob out of the message, and finds it for decoding', () => {
    const raw = 'You are not authorized to perform this operation. Encoded authorization failure message: AbC-123_xyz';
    const error = toKilnError(sdkError('UnauthorizedOperation', raw), { action: 'launch' });
    expect(error.message).not.toContain('AbC-123_xyz');
    expect(error.message).toContain('You are not authorized to perform this operation.');
    expect(encodedAuthorizationMessage(sdkError('UnauthorizedOperation', raw))).toBe('AbC-123_xyz');
    expect(encodedAuthorizationMessage(sdkError('UnauthorizedOperation', 'You are not authorized.'))).toBeUndefined();
  });

  it('says the sandbox is down when the endpoint refuses connections', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' });
    const error = toKilnError(new Error('wrapped', { cause: refused }), {
      action: 'list regions',
      endpoint: 'http://127.0.0.1:5000',
    });
    expect(error.code).toBe('SandboxNotRunning');
    expect(error.message).toContain('http://127.0.0.1:5000');
    expect(toKilnError(refused, { action: 'list regions' }).code).toBe('NetworkError');
  });

  it('keeps unknown AWS codes and their message', () => {
    const error = toKilnError(sdkError('SomethingNew', 'details here'), { action: 'do a thing' });
    expect(error).toMatchObject({ code: 'SomethingNew' });
    expect(error.message).toContain('details here');
    expect(awsErrorCode({ Code: 'X' })).toBe('X');
    expect(awsErrorCode(new TypeError('t'))).toBeUndefined();
  });
});
