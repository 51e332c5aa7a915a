/**
 * An HTTP proxy on loopback in front of moto that counts AWS Query requests per Action (and region) and answers
 * chosen ones with the throttling error real EC2 gives: HTTP 503 with the EC2 XML error body for
 * `RequestLimitExceeded`. moto never throttles; this is how throttling is tested.
 *
 * Everything reaches the proxy as plain HTTP requests, so what it counts is what went over the wire: an SDK call that
 * the SDK retried internally is counted once per attempt.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  /** `Action` of an AWS Query request (EC2, STS, …) or of a JSON one (CloudWatch); undefined for REST calls (S3). */
  action?: string;
  /** Region from the SigV4 credential scope, when signed. */
  region?: string;
  /** The decoded form parameters (EC2: `Filter.1.Value.1=i-…`, `InstanceId.1=…`). */
  params: URLSearchParams;
  /** The SDK's attempt number and attempt limit (`amz-sdk-request: attempt=2; max=3`): 2+ is an SDK-internal retry. */
  attempt?: { attempt: number; max: number };
  /** `Date.now()` when the request arrived. */
  at: number;
  /** Answered by the proxy with RequestLimitExceeded instead of being forwarded. */
  throttled: boolean;
}

/** How to throttle one action: a fraction of requests (seeded, repeatable) or a scripted sequence. */
export type ThrottlePlan = (
  | { fraction: number }
  /** `true` = throttle, one entry per request; when the sequence is used up, requests pass. */
  | { sequence: readonly boolean[] }
) & {
  /** The EC2 error to answer with instead of 503 RequestLimitExceeded (e.g. 400 DependencyViolation). */
  error?: { status: number; code: string; message: string };
  /** A whole answer instead of an EC2 error, for what moto cannot produce (an STS answer, an STS-shaped error). */
  reply?: { status: number; body: string };
};

export interface AwsFaultProxy {
  /** `http://127.0.0.1:<port>`: use it as the profile's endpoint instead of moto's. */
  readonly endpoint: string;
  readonly requests: readonly ProxiedRequest[];
  /** Requests for `action` (optionally only in `region`, only since `since`), throttled ones included. */
  count(action: string, filter?: { region?: string; since?: number; until?: number }): number;
  throttle(action: string, plan: ThrottlePlan): void;
  /** Stops throttling `action`, or every action. */
  stopThrottling(action?: string): void;
  close(): Promise<void>;
}

const XML_ERROR = (requestId: string, code = 'RequestLimitExceeded', message = 'Request limit exceeded.') =>
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
  `<RequestID>${requestId}</RequestID></Response>`;

/** The region of a SigV4 `Authorization` header: `Credential=AKID/20240101/us-east-1/ec2/aws4_request`. */
export function regionOfAuthorization(header: string | undefined): string | undefined {
  return header?.match(/Credential=[^/]+\/\d{8}\/([^/]+)\//)?.[1];
}

/** A small seeded PRNG (mulberry32), so a throttled fraction is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Instance ids of an EC2 request: the `instance-id` filter's values and any `InstanceId.N` parameters. */
export function instanceIdsOf(request: ProxiedRequest): { filtered: string[]; byParameter: string[] } {
  const filtered: string[] = [];
  const byParameter: string[] = [];
  for (const [key, value] of request.params) {
    if (/^InstanceId\.\d+$/.test(key)) byParameter.push(value);
    const filter = /^Filter\.(\d+)\.Value\.\d+$/.exec(key);
    if (filter && request.params.get(`Filter.${filter[1]}.Name`) === 'instance-id') filtered.push(value);
  }
  return { filtered, byParameter };
}

/** The action of a REST request the proxy can name (Route 53 records: changes and lists); undefined for the others. */
export function restActionOf(method: string | undefined, url: string | undefined): string | undefined {
  if (!/^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?(\?|$)/.test(url ?? '')) return undefined;
  if (method === 'POST') return 'ChangeResourceRecordSets';
  if (method === 'GET') return 'ListResourceRecordSets';
  return undefined;
}

function sdkAttemptOf(header: string | string[] | undefined): ProxiedRequest['attempt'] {
  const match = /attempt=(\d+);\s*max=(\d+)/.exec(String(header ?? ''));
  return match ? { attempt: Number(match[1]), max: Number(match[2]) } : undefined;
}

export async function startAwsFaultProxy(options: { target: string; seed?: number }): Promise<AwsFaultProxy> {
  const target = new URL(options.target);
  const random = mulberry32(options.seed ?? 7);
  const requests: ProxiedRequest[] = [];
  const plans = new Map<string, { plan: ThrottlePlan; used: number }>();
  const upstreamAgent = new http.Agent({ keepAlive: true });
  let requestCounter = 0;

  function shouldThrottle(action: string | undefined): boolean {
    const entry = action === undefined ? undefined : plans.get(action);
    if (!entry) return false;
    if ('fraction' in entry.plan) return random() < entry.plan.fraction;
    return entry.plan.sequence[entry.used++] ?? false;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const params = isForm ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
      // JSON-protocol services (CloudWatch) name the action in X-Amz-Target: `GraniteServiceVersion20100801.DescribeAlarms`.
      const amzTarget = req.headers['x-amz-target'];
      const action =
        params.get('Action') ??
        (typeof amzTarget === 'string' ? amzTarget.split('.').pop() : restActionOf(req.method, req.url));
      const throttled = shouldThrottle(action);
      requests.push({
        action,
        region: regionOfAuthorization(req.headers.authorization),
        attempt: sdkAttemptOf(req.headers['amz-sdk-request']),
        params,
        at: Date.now(),
        throttled,
      });
      const reply = throttled ? plans.get(action!)?.plan.reply : undefined;
      if (reply) {
        res.writeHead(reply.status, {
          'content-type': 'text/xml;charset=UTF-8',
          'content-length': Buffer.byteLength(reply.body),
        });
        res.end(reply.body);
        return;
      }
      if (throttled) {
        const error = plans.get(action!)?.plan.error;
        const text = XML_ERROR(`kiln-proxy-${++requestCounter}`, error?.code, error?.message);
        res.writeHead(error?.status ?? 503, {
          'content-type': 'text/xml;charset=UTF-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
        return;
      }
      // moto refuses Host headers that are not its own (DNS-rebinding guard); signatures are not checked.
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
          agent: upstreamAgent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    count(action, filter = {}) {
      return requests.filter(
        (r) =>
          r.action === action &&
          (filter.region === undefined || r.region === filter.region) &&
          (filter.since === undefined || r.at >= filter.since) &&
          (filter.until === undefined || r.at < filter.until),
      ).length;
    },
    throttle(action, plan) {
      plans.set(action, { plan, used: 0 });
    },
    stopThrottling(action) {
      if (action === undefined) plans.clear();
      else plans.delete(action);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}
