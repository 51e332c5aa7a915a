// STS is replaced by a stub that answers like STS does: the decoding itself is AWS's, what is tested is what Kiln
// makes of the answer (and of a refusal). The end-to-end path over the SDK is in test/integration/launch/preflight-refusals.
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { deniedError, explainDenied, parseDecodedMessage } from '../../../../electron/core/aws/authorization-message';

const decoded = JSON.stringify({
  allowed: false,
  explicitDeny: false,
  matchedStatements: { items: [] },
  failures: { items: [] },
  context: {
    principal: { id: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/builder' },
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
    conditions: { items: [] },
  },
});
const denied = (message: string) => Object.assign(new Error(message), { name: 'UnauthorizedOperation' });
const ENCODED = 'You are not authorized to perform this operation. Encoded authorization failure message: Zm9vYmFy';

describe('explaining a denied request', () => {
  it('reads the action and resource of a decoded message', () => {
    expect(parseDecodedMessage(decoded)).toEqual({
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
      explicitDeny: false,
    });
    expect(parseDecodedMessage('{"context":{}}')).toBeUndefined();
    expect(parseDecodedMessage('not json')).toBeUndefined();
  });

  it('decodes through STS and names the action on the resource', async () => {
    const sent: unknown[] = [];
    const sts = {
      send: async (command: unknown) => {
        sent.push(command);
        return { DecodedMessage: decoded };
      },
    };
    const error = await explainDenied(sts as never, denied(ENCODED), 'RunInstances', { action: 'check' });
    expect(sent[0]).toBeInstanceOf(DecodeAuthorizationMessageCommand);
    expect((sent[0] as DecodeAuthorizationMessageCommand).input.EncodedMessage).toBe('Zm9vYmFy');
    expect(error.code).toBe('UnauthorizedOperation');
    expect(error.message).toContain('ec2:RunInstances on arn:aws:ec2:us-east-1:123456789012:instance/*');
    expect(error.remedy).toContain('allow ec2:RunInstances on arn:aws:ec2:us-east-1:123456789012:instance/*');
  });

  it('says when decoding is not permitted, and shows the raw action', async () => {
    const sts = {
      send: async () => {
        throw Object.assign(new Error('User is not authorized to perform: sts:DecodeAuthorizationMessage'), {
          name: 'AccessDenied',
        });
      },
    };
    const error = await explainDenied(sts as never, denied(ENCODED), 'RunInstances', { action: 'check' });
    expect(error.message).toContain('ec2:RunInstances');
    expect(error.message).toMatch(/decoding them was refused: AccessDenied/);
    expect(error.remedy).toContain('sts:DecodeAuthorizationMessage');
  });

  it('without an encoded part (moto, IAM-style AccessDenied) shows what AWS said', async () => {
    const sts = { send: async () => expect.unreachable('nothing to decode') };
    const accessDenied = Object.assign(
      new Error('User: arn:aws:iam::123456789012:user/u is not authorized to perform: ec2:RunInstances'),
      { name: 'AccessDenied' },
    );
    const error = await explainDenied(sts as never, accessDenied, 'RunInstances', { action: 'check' });
    expect(error).toMatchObject({ code: 'UnauthorizedOperation' });
    expect(error.message).toContain('is not authorized to perform: ec2:RunInstances');
  });

  it('an explicit Deny asks to lift the Deny', () => {
    const error = deniedError('RunInstances', { action: 'ec2:RunInstances', explicitDeny: true });
    expect(error.message).toContain('explicit Deny');
    expect(error.remedy).toContain('lift the Deny of ec2:RunInstances');
  });
});
