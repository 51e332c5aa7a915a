import { describe, expect, it } from 'vitest';
import { awsErrorCode, toKilnError } from '../../../electron/core/aws/errors';

function sdkError(name: string, message: string) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

describe('toKilnError', () => {
  it('names the field and a remedy for known EC2 errors', () => {
    const error = toKilnError(sdkError('InvalidAMIID.NotFound', "The image id '[ami-00000000]' does not exist"), { action: 'launch' });
    expect(error).toMatchObject({ code: 'InvalidAMIID.NotFound', field: 'imageId' });
    expect(error.remedy).toMatch(/AMI id/);
    expect(toKilnError(sdkError('RequestLimitExceeded', 'Request limit exceeded.'), { action: 'x' }).message).toMatch(/throttled/);
  });

  it('says the sandbox is down when the endpoint refuses connections', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' });
    const error = toKilnError(new Error('wrapped', { cause: refused }), { action: 'list regions', endpoint: 'http://127.0.0.1:5000' });
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
