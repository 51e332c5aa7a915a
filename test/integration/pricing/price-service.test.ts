// The Pricing API as Kiln uses it: moto has no Pricing service, so a local stand-in on 127.0.0.1 answers
// GetProducts with the real response shape (PriceList is an array of JSON strings, one product each; NextToken
// pages), and the real SDK client is pointed at it. The fallback to the bundled snapshot is checked against the
// stand-in refusing (AccessDenied) and against a port where nothing listens.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PricingClient } from '@aws-sdk/client-pricing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPriceService, type PriceService } from '../../../electron/core/pricing/price-service';
import type { ProfileContext } from '../../../electron/core/profiles/profile-context';

interface Request {
  target: string | undefined;
  body: { Filters?: { Type: string; Field: string; Value: string }[]; NextToken?: string; ServiceCode?: string };
}

/** One product of GetProducts' PriceList, as AWS writes it (trimmed to the fields Kiln reads and a few more). */
function product(instanceType: string, usd: string, sku = `SKU${instanceType.replace(/\W/g, '')}`): string {
  return JSON.stringify({
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        instanceType,
        regionCode: 'eu-west-1',
        operatingSystem: 'Linux',
        tenancy: 'Shared',
        preInstalledSw: 'NA',
        capacitystatus: 'Used',
        vcpu: '2',
        memory: '1 GiB',
        networkPerformance: 'Up to 5 Gigabit',
      },
      sku,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: `$${usd} per On Demand Linux ${instanceType} Instance Hour`,
              appliesTo: [],
              rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: usd },
            },
          },
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
      Reserved: {
        [`${sku}.4NA7Y494T4`]: {
          priceDimensions: { [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: { unit: 'Hrs', pricePerUnit: { USD: '0.0030000000' } } },
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  });
}

let server: http.Server;
let endpoint: string;
let requests: Request[] = [];
let answer: (request: Request) => { status: number; body: unknown } = () => ({ status: 500, body: {} });
const services: PriceService[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const request: Request = {
        target: req.headers['x-amz-target'] as string | undefined,
        body: JSON.parse(raw || '{}'),
      };
      requests.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const service of services.splice(0)) service.destroy();
  requests = [];
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function awsProfile(pricingEndpoint: string): ProfileContext {
  return {
    profile: { id: 'work', label: 'work', kind: 'aws', credentialKind: 'static', available: true },
    clientConfig: (region) => ({
      region,
      endpoint: pricingEndpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
      retryMode: 'standard',
    }),
    agentAddress: () => undefined,
    operatorCidr: async () => '127.0.0.1/32',
  };
}

function service(now: { t: number }): PriceService {
  const created = createPriceService({
    now: () => now.t,
    clientFor: (context) => new PricingClient({ ...context.clientConfig('us-east-1'), maxAttempts: 1 }),
  });
  services.push(created);
  return created;
}

const T0 = Date.parse('2026-11-30T12:00:00Z');

describe('price service on the Pricing API (local stand-in; moto has no Pricing)', () => {
  it('builds a new Pricing client when the profile revision changes, so new credentials are used', async () => {
    answer = () => ({
      status: 200,
      body: { FormatVersion: 'aws_v1', PriceList: [product('t3.micro', '0.0114000000')] },
    });
    const keysUsed: string[] = [];
    const withKey = (accessKeyId: string, revision: string): ProfileContext => {
      const base = awsProfile(endpoint);
      return {
        ...base,
        revision,
        clientConfig: (region) => ({
          ...base.clientConfig(region),
          credentials: async () => {
            keysUsed.push(accessKeyId);
            return { accessKeyId, secretAccessKey: 'secret' };
          },
        }),
      };
    };
    const prices = service({ t: T0 });
    await prices.pricesFor(withKey('AKIDOLD', 'r1'), 'eu-west-1');
    // Another region, so the request is not answered from the price cache.
    const list = await prices.pricesFor(withKey('AKIDROTATED', 'r2'), 'eu-west-2');
    expect(list.fallbackReason).toBeUndefined();
    expect(keysUsed).toEqual(['AKIDOLD', 'AKIDROTATED']);
  });

  it('sends the on-demand Linux filters, follows NextToken and parses the JSON-string PriceList', async () => {
    answer = ({ body }) =>
      body.NextToken === 'page-2'
        ? {
            status: 200,
            body: { FormatVersion: 'aws_v1', PriceList: [product('m7g.large', '0.0912000000'), 'not json'] },
          }
        : {
            status: 200,
            body: {
              FormatVersion: 'aws_v1',
              PriceList: [product('t3.micro', '0.0114000000'), product('t4g.micro', '0.0092000000')],
              NextToken: 'page-2',
            },
          };
    const list = await service({ t: T0 }).pricesFor(awsProfile(endpoint), 'eu-west-1');
    expect(list.fallbackReason).toBeUndefined();
    expect(list.prices).toEqual({
      't3.micro': { usdPerHour: 0.0114, source: 'pricing-api', asOf: '2026-11-30', region: 'eu-west-1' },
      't4g.micro': { usdPerHour: 0.0092, source: 'pricing-api', asOf: '2026-11-30', region: 'eu-west-1' },
      'm7g.large': { usdPerHour: 0.0912, source: 'pricing-api', asOf: '2026-11-30', region: 'eu-west-1' },
    });
    expect(requests).toHaveLength(2);
    expect(requests[0].target).toBe('AWSPriceListService.GetProducts');
    expect(requests[0].body.ServiceCode).toBe('AmazonEC2');
    expect(Object.fromEntries(requests[0].body.Filters!.map((f) => [f.Field, f.Value]))).toEqual({
      regionCode: 'eu-west-1',
      operatingSystem: 'Linux',
      tenancy: 'Shared',
      preInstalledSw: 'NA',
      capacitystatus: 'Used',
    });
    expect(requests[0].body.Filters!.every((f) => f.Type === 'TERM_MATCH')).toBe(true);
    expect(requests[1].body.NextToken).toBe('page-2');
  });

  it('keeps prices per region for a day', async () => {
    answer = () => ({
      status: 200,
      body: { FormatVersion: 'aws_v1', PriceList: [product('t3.micro', '0.0114000000')] },
    });
    const now = { t: T0 };
    const prices = service(now);
    const context = awsProfile(endpoint);
    await Promise.all([prices.pricesFor(context, 'eu-west-1'), prices.pricesFor(context, 'eu-west-1')]);
    expect(requests).toHaveLength(1);
    await prices.pricesFor(context, 'us-west-2');
    expect(requests).toHaveLength(2);
    now.t += 23 * 3_600_000;
    await prices.pricesFor(context, 'eu-west-1');
    expect(requests).toHaveLength(2);
    now.t += 2 * 3_600_000;
    await prices.pricesFor(context, 'eu-west-1');
    expect(requests).toHaveLength(3);
  });

  it('falls back to the dated snapshot when the Pricing API refuses, and tries again later', async () => {
    answer = () => ({
      status: 400,
      body: { __type: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' },
    });
    const now = { t: T0 };
    const prices = service(now);
    const list = await prices.pricesFor(awsProfile(endpoint), 'eu-west-1');
    expect(list.fallbackReason).toMatch(/pricing:GetProducts/);
    expect(list.prices['t3.micro']).toEqual({
      usdPerHour: 0.0104,
      source: 'snapshot',
      asOf: '2026-11-01',
      region: 'us-east-1',
    });
    // A type the snapshot does not know has no price: the UI says "unknown".
    expect(list.prices['x2iedn.32xlarge']).toBeUndefined();
    now.t += 11 * 60_000;
    await prices.pricesFor(awsProfile(endpoint), 'eu-west-1');
    expect(requests).toHaveLength(2);
  });

  it('falls back to the snapshot when the Pricing API cannot be reached', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadEndpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const list = await service({ t: T0 }).pricesFor(awsProfile(deadEndpoint), 'eu-west-1');
    expect(list.fallbackReason).toMatch(/could not reach AWS/);
    expect(list.prices['t3.micro']?.source).toBe('snapshot');
  });

  it('falls back to the snapshot when the Pricing API knows no prices for the region', async () => {
    answer = () => ({ status: 200, body: { FormatVersion: 'aws_v1', PriceList: [] } });
    const list = await service({ t: T0 }).pricesFor(awsProfile(endpoint), 'xx-nowhere-1');
    expect(list.fallbackReason).toMatch(/no on-demand Linux prices for xx-nowhere-1/);
    expect(list.prices['t3.micro']?.source).toBe('snapshot');
  });
});
