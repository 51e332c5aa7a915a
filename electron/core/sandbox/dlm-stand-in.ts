/**
 * A small Amazon Data Lifecycle Manager for the sandbox, which moto lacks. It sits in front of moto on the sandbox's
 * one endpoint: requests signed for the `dlm` service (the credential scope of their Authorization header) are
 * answered here, everything else is passed to moto untouched: same method, path, headers (Host included, so a SigV4
 * signature still verifies under moto's IAM auth; moto's launcher accepts this front's port as its own) and bodies
 * streamed both ways. Policies live in memory; a runner on a sped-up clock (one policy hour = `secondsPerHour`
 * seconds) really snapshots each ENABLED policy's target volumes in moto, tagged as DLM tags them, and deletes that
 * policy's snapshots of a volume beyond its RetainRule.Count.
 *
 * The front runs in the process that started the sandbox: a caller in that process that blocks its event loop (say
 * `execFileSync('aws', …)` against the endpoint) waits for an answer that can never come. Call such tools async.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { SANDBOX_ACCOUNT_ID, SANDBOX_CREDENTIALS } from './address';
import {
  DlmError,
  scheduleIntervalHours,
  snapshotsBeyondCount,
  validatePolicyInput,
  type DlmPolicyDetails,
  type DlmPolicyInput,
  type DlmTag,
} from './dlm-rules';

/**
 * The tags DLM puts on the snapshots it makes. moto accepts `aws:`-prefixed keys through the API (AWS itself
 * reserves them for its services), so the stand-in uses the real keys.
 */
export const DLM_POLICY_ID_TAG = 'aws:dlm:lifecycle-policy-id';
export const DLM_SCHEDULE_NAME_TAG = 'aws:dlm:lifecycle-schedule-name';

/** Seconds one policy hour lasts in the sandbox unless told otherwise. */
export const DEFAULT_DLM_SECONDS_PER_HOUR = 5;

export interface DlmStandInOptions {
  /**
   * moto's endpoint: where everything that is not DLM goes, and where the runner snapshots. May be given later with
   * `useMoto` (moto must be told the front's port before it starts); until then requests get 503.
   */
  motoEndpoint?: string;
  /** Seconds one hour of a policy's schedule lasts; default 5. */
  secondsPerHour?: number;
  log?: (message: string) => void;
}

export interface DlmStandIn {
  /** `http://127.0.0.1:<port>`: the sandbox's endpoint for every AWS client, DLM included. */
  readonly endpoint: string;
  readonly port: number;
  /** Where to pass requests on and snapshot from, once moto listens. */
  useMoto(motoEndpoint: string): void;
  stop(): Promise<void>;
}

interface StoredPolicy {
  PolicyId: string;
  Region: string;
  Description: string;
  State: 'ENABLED' | 'DISABLED';
  StatusMessage: string;
  ExecutionRoleArn: string;
  DateCreated: Date;
  DateModified: Date;
  PolicyDetails: DlmPolicyDetails;
  Tags: Record<string, string>;
  /** When the runner last ran it (or it was created or enabled): the next run is one interval later. */
  lastRunAt: number;
  running: boolean;
}

const TICK_MS = 200;
/** DLM requests are small JSON documents; anything bigger is refused rather than buffered. */
const MAX_DLM_BODY_BYTES = 1024 * 1024;

export async function startDlmStandIn(options: DlmStandInOptions): Promise<DlmStandIn> {
  const log = options.log ?? (() => {});
  const hourMs = (options.secondsPerHour ?? DEFAULT_DLM_SECONDS_PER_HOUR) * 1000;
  let moto = options.motoEndpoint === undefined ? undefined : new URL(options.motoEndpoint);
  const policies = new Map<string, StoredPolicy>();
  const clients = new Map<string, EC2Client>();
  const ec2 = (region: string) => {
    if (!moto) throw new Error('moto is not started yet');
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({
        region,
        endpoint: moto.origin,
        credentials: { ...SANDBOX_CREDENTIALS },
        maxAttempts: 1,
      });
      clients.set(region, client);
    }
    return client;
  };

  const ownPort = () => (server.address() as AddressInfo).port;
  // The same guard moto's launcher applies (see moto_launcher.py): no web page may reach the sandbox's API.
  const browserRefusal = (request: http.IncomingMessage): string | undefined => {
    const host = (request.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${ownPort()}` && host !== `localhost:${ownPort()}`)
      return `Host '${host}' is not this sandbox (DNS rebinding?)`;
    if (request.headers.origin !== undefined || (request.headers['sec-fetch-site'] ?? 'none') !== 'none')
      return 'requests from web pages are refused';
    return undefined;
  };
  const server = http.createServer((request, response) => {
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
    if (scope?.[2] !== 'dlm') return proxy(request, response);
    const refusal = browserRefusal(request);
    if (refusal) return send(response, 403, { message: `Kiln sandbox: ${refusal}` }, 'AccessDeniedException');
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_DLM_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_DLM_BODY_BYTES)
        return send(response, 413, { message: 'the request body is too large' }, 'InvalidRequestException');
      try {
        const url = new URL(request.url ?? '/', 'http://dlm');
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : {};
        const { status, payload } = handle(request.method ?? 'GET', url, body, scope[1]!);
        send(response, status, payload);
      } catch (error) {
        const dlm =
          error instanceof DlmError
            ? error
            : new DlmError('InvalidRequestException', 400, `could not read the request: ${String(error)}`);
        send(response, dlm.status, { message: dlm.message }, dlm.code);
      }
    });
  });

  // Passed on as it came: the Host the client signed (moto's launcher accepts this front's port), every header, and
  // both bodies streamed. Node's server answers `Expect: 100-continue` itself and keeps the client's connection alive
  // on its own; a `transfer-encoding: chunked` header makes Node chunk the body it pipes upstream.
  function proxy(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (!moto) return send(response, 503, { message: 'Kiln sandbox: moto is still starting' }, 'ServiceUnavailable');
    const upstream = http.request(
      { host: moto.hostname, port: moto.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (response.headersSent) return void response.destroy(error);
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`moto could not be reached: ${error.message}`);
    });
    // A client that goes away mid-request or mid-answer must not leave the upstream request hanging.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  }

  function handle(method: string, url: URL, body: unknown, region: string): { status: number; payload: unknown } {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'policies' || parts.length > 2)
      throw new DlmError('InvalidRequestException', 400, `no DLM operation at ${method} ${url.pathname}`);
    const id = parts[1];
    if (id === undefined && method === 'POST') return { status: 200, payload: create(body as DlmPolicyInput, region) };
    if (id === undefined && method === 'GET') return { status: 200, payload: { Policies: list(url, region) } };
    if (id === undefined) throw new DlmError('InvalidRequestException', 400, `${method} /policies is not supported`);
    const policy = policies.get(id);
    if (!policy || policy.Region !== region)
      throw new DlmError('ResourceNotFoundException', 404, `Policy ${id} does not exist`);
    if (method === 'GET') return { status: 200, payload: { Policy: describe(policy) } };
    if (method === 'DELETE') {
      policies.delete(id);
      return { status: 200, payload: {} };
    }
    if (method === 'PATCH') {
      update(policy, body as DlmPolicyInput);
      return { status: 200, payload: {} };
    }
    throw new DlmError('InvalidRequestException', 400, `${method} /policies/${id} is not supported`);
  }

  function create(input: DlmPolicyInput, region: string): { PolicyId: string } {
    validatePolicyInput(input);
    const now = new Date();
    const policy: StoredPolicy = {
      PolicyId: `policy-${randomBytes(9).toString('hex').slice(0, 17)}`,
      Region: region,
      Description: input.Description!,
      State: input.State as StoredPolicy['State'],
      StatusMessage: 'ENABLED',
      ExecutionRoleArn: input.ExecutionRoleArn!,
      DateCreated: now,
      DateModified: now,
      PolicyDetails: structuredClone(input.PolicyDetails!),
      Tags: { ...input.Tags },
      lastRunAt: now.getTime(),
      running: false,
    };
    policies.set(policy.PolicyId, policy);
    return { PolicyId: policy.PolicyId };
  }

  function update(policy: StoredPolicy, input: DlmPolicyInput): void {
    validatePolicyInput(input, true);
    if (input.ExecutionRoleArn !== undefined) policy.ExecutionRoleArn = input.ExecutionRoleArn;
    if (input.Description !== undefined) policy.Description = input.Description;
    if (input.PolicyDetails !== undefined) policy.PolicyDetails = structuredClone(input.PolicyDetails);
    // Enabling starts the clock afresh, as a newly created policy's does.
    if (input.State === 'ENABLED' && policy.State !== 'ENABLED') policy.lastRunAt = Date.now();
    if (input.State !== undefined) policy.State = input.State as StoredPolicy['State'];
    policy.DateModified = new Date();
  }

  function list(url: URL, region: string) {
    const state = url.searchParams.get('state');
    const ids = url.searchParams.getAll('policyIds');
    const types = url.searchParams.getAll('resourceTypes');
    const targetTags = url.searchParams.getAll('targetTags');
    return [...policies.values()]
      .filter((p) => p.Region === region)
      .filter((p) => !state || state === 'ERROR' || p.State === state)
      .filter((p) => ids.length === 0 || ids.includes(p.PolicyId))
      .filter((p) => types.length === 0 || types.some((t) => p.PolicyDetails.ResourceTypes?.includes(t)))
      .filter(
        (p) =>
          targetTags.length === 0 ||
          targetTags.some((kv) => p.PolicyDetails.TargetTags?.some((t) => `${t.Key}=${t.Value}` === kv)),
      )
      .map((p) => ({
        PolicyId: p.PolicyId,
        Description: p.Description,
        State: p.State,
        Tags: p.Tags,
        PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      }));
  }

  function describe(p: StoredPolicy) {
    return {
      PolicyId: p.PolicyId,
      Description: p.Description,
      State: p.State,
      StatusMessage: p.StatusMessage,
      ExecutionRoleArn: p.ExecutionRoleArn,
      DateCreated: p.DateCreated.toISOString(),
      DateModified: p.DateModified.toISOString(),
      PolicyDetails: { PolicyType: 'EBS_SNAPSHOT_MANAGEMENT', ...p.PolicyDetails },
      Tags: p.Tags,
      PolicyArn: `arn:aws:dlm:${p.Region}:${SANDBOX_ACCOUNT_ID}:policy/${p.PolicyId}`,
    };
  }

  /** The volumes a policy targets, each with the tags CopyTags copies (the volume's, or its instance's). */
  async function targetVolumes(client: EC2Client, details: DlmPolicyDetails): Promise<Map<string, DlmTag[]>> {
    const volumes = new Map<string, DlmTag[]>();
    // A resource is targeted when it has any one of the target tags.
    for (const tag of details.TargetTags ?? []) {
      const filters = [{ Name: `tag:${tag.Key}`, Values: [tag.Value] }];
      if (details.ResourceTypes?.[0] === 'INSTANCE') {
        const out = await client.send(new DescribeInstancesCommand({ Filters: filters }));
        for (const instance of out.Reservations?.flatMap((r) => r.Instances ?? []) ?? []) {
          if (instance.State?.Name === 'terminated') continue;
          for (const mapping of instance.BlockDeviceMappings ?? [])
            if (mapping.Ebs?.VolumeId) volumes.set(mapping.Ebs.VolumeId, userTags(instance.Tags));
        }
      } else {
        const out = await client.send(new DescribeVolumesCommand({ Filters: filters }));
        for (const volume of out.Volumes ?? [])
          if (volume.VolumeId) volumes.set(volume.VolumeId, userTags(volume.Tags));
      }
    }
    return volumes;
  }

  async function run(policy: StoredPolicy): Promise<void> {
    const client = ec2(policy.Region);
    const schedule = policy.PolicyDetails.Schedules![0]!;
    const scheduleName = schedule.Name ?? 'Schedule 1';
    for (const [volumeId, volumeTags] of await targetVolumes(client, policy.PolicyDetails)) {
      // As on AWS: copied tags first, then the schedule's TagsToAdd (which win on the same key), then DLM's own.
      const tags = new Map<string, string>();
      for (const tag of schedule.CopyTags ? volumeTags : []) tags.set(tag.Key, tag.Value);
      for (const tag of schedule.TagsToAdd ?? []) tags.set(tag.Key, tag.Value);
      tags.set(DLM_POLICY_ID_TAG, policy.PolicyId);
      tags.set(DLM_SCHEDULE_NAME_TAG, scheduleName);
      await client.send(
        new CreateSnapshotCommand({
          VolumeId: volumeId,
          Description: `Created for policy: ${policy.PolicyId} schedule: ${scheduleName}`,
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) }],
        }),
      );
      const made = await client.send(
        new DescribeSnapshotsCommand({
          OwnerIds: ['self'],
          Filters: [
            { Name: 'volume-id', Values: [volumeId] },
            { Name: `tag:${DLM_POLICY_ID_TAG}`, Values: [policy.PolicyId] },
          ],
        }),
      );
      for (const old of snapshotsBeyondCount(made.Snapshots ?? [], schedule.RetainRule!.Count!)) {
        await client.send(new DeleteSnapshotCommand({ SnapshotId: old.SnapshotId }));
      }
    }
  }

  const timer = setInterval(() => {
    if (!moto) return;
    const now = Date.now();
    for (const policy of policies.values()) {
      if (policy.State !== 'ENABLED' || policy.running) continue;
      const periodMs = scheduleIntervalHours(policy.PolicyDetails.Schedules![0]!) * hourMs;
      if (now - policy.lastRunAt < periodMs) continue;
      policy.lastRunAt = now;
      policy.running = true;
      run(policy)
        .then(() => {
          policy.StatusMessage = 'ENABLED';
        })
        .catch((error: unknown) => {
          policy.StatusMessage = `ERROR: ${error instanceof Error ? error.message : String(error)}`;
          log(`DLM stand-in: policy ${policy.PolicyId} failed to run: ${policy.StatusMessage}`);
        })
        .finally(() => {
          policy.running = false;
        });
    }
  }, TICK_MS);
  timer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = ownPort();
  log(`DLM stand-in and moto front listening on 127.0.0.1:${port}`);
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    useMoto: (motoEndpoint) => {
      moto = new URL(motoEndpoint);
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const client of clients.values()) client.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function send(response: http.ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  response.end(body);
}

/** The tags a resource's owner set: `aws:` keys are AWS's own and are not copied. */
function userTags(tags: readonly { Key?: string; Value?: string }[] | undefined): DlmTag[] {
  return (tags ?? [])
    .filter((tag) => tag.Key !== undefined && !tag.Key.startsWith('aws:'))
    .map((tag) => ({ Key: tag.Key!, Value: tag.Value ?? '' }));
}
