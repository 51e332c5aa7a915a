// Route 53 refusals as operators read them. A stub client stands in for Route 53 here: moto's Route 53 answers
// AccessDenied only with its IAM checks on for every service at once (the sandbox tests cover the calls themselves).
import { Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../../electron/common/result';
import { checkDnsName, listHostedZones } from '../../../../electron/core/dns/dns-calls';
import type { ProfileContext } from '../../../../electron/core/profiles/profile-context';

const context = {} as ProfileContext;
/** A real client (the paginator checks its class) whose every request is refused without leaving the process. */
function refusing(name: string, message: string): Route53Client {
  const client = new Route53Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  client.send = () => Promise.reject(Object.assign(new Error(message), { name }));
  return client;
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KilnFailure) return error.error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('listHostedZones', () => {
  it('names the missing permission on AccessDenied', async () => {
    const failure = await failureOf(
      listHostedZones(context, refusing('AccessDenied', 'User is not authorized to perform route53:ListHostedZones')),
    );
    expect(failure.code).toBe('AccessDenied');
    expect(failure.message).toContain('route53:ListHostedZones is missing');
    expect(failure.remedy).toContain('route53:ListHostedZones');
  });

  it('maps other errors like every AWS call', async () => {
    const failure = await failureOf(listHostedZones(context, refusing('Throttling', 'Rate exceeded')));
    expect(failure.message).toContain('list the Route 53 hosted zones');
  });
});

describe('checkDnsName', () => {
  it('says the zone does not exist, at the zone field', async () => {
    const failure = await failureOf(
      checkDnsName(context, refusing('NoSuchHostedZone', 'No hosted zone found with ID: Z9'), {
        hostedZoneId: 'Z9',
        recordName: 'web.example.test',
      }),
    );
    expect(failure).toMatchObject({ code: 'NoSuchHostedZone', field: 'dns.hostedZoneId' });
  });
});
