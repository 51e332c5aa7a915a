// The local sandbox end to end: moto with time-based states, and the instance host running real user data whose
// agent listens on the instance's loopback address. Only 127.0.0.0/8 is ever contacted.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  CreateImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { sandboxAgentAddress } from '../../../electron/core/sandbox/address';
import { eventuallyWith, useLocalSandbox } from './local-sandbox';

const AL2023 = 'ami-0ed094fb1304fd857';
const AGENT_PORT = 28_417;

// One server in the user data's process group, one that leaves it (setsid), as a daemonized agent would; each
// writes its own pid file the way the bootstrap does.
const SERVER = (name: string) =>
  `require('fs').writeFileSync(process.env.KILN_ROOT + '/run/${name}.pid', String(process.pid));` +
  `require('http').createServer((q, s) => s.end(process.env.KILN_INSTANCE_ID + ' ${name}'))` +
  `.listen(${name === 'daemon' ? AGENT_PORT + 1 : AGENT_PORT}, process.env.KILN_AGENT_BIND);`;
const USER_DATA = `#!/bin/bash
set -eu
mkdir -p "$KILN_ROOT/run"
echo "$KILN_INSTANCE_ID" > "$KILN_ROOT/marker"
echo "booting $KILN_INSTANCE_ID on $KILN_AGENT_BIND"
nohup node -e "${SERVER('agent')}" > "$KILN_ROOT/agent.log" 2>&1 &
setsid node -e "${SERVER('daemon')}" > "$KILN_ROOT/daemon.log" 2>&1 < /dev/null &
echo done
`;

const local = useLocalSandbox({
  prefix: 'kiln-sandbox-test-',
  sandbox: { pendingSeconds: 2, imageSeconds: 2, pollIntervalMs: 250 },
});
const eventually = eventuallyWith(local.logs);

async function stateOf(instanceId: string): Promise<string | undefined> {
  const out = await local.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

/** Follows the instance's state until `final`, returning every distinct state seen on the way. */
async function followStates(instanceId: string, final: string): Promise<string[]> {
  const seen: string[] = [];
  await eventually(`${instanceId} to be ${final}`, async () => {
    const state = await stateOf(instanceId);
    if (state && seen.at(-1) !== state) seen.push(state);
    return state === final ? true : undefined;
  });
  return seen;
}

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host, port, path: '/', timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/** Alive and not a zombie (PID 1 in containers may never reap orphans). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function pidOf(instanceId: string, name: string): Promise<number> {
  const file = path.join(local.rootDir, 'instances', instanceId, 'root', 'run', `${name}.pid`);
  return eventually(`${file}`, async () => Number((await readFile(file, 'utf8')).trim()) || undefined);
}

describe('local sandbox', () => {
  let terminated: string;
  let stopped: string;

  it('launches instances that are pending, then running, and runs their user data', async () => {
    const out = await local.ec2.send(
      new RunInstancesCommand({
        ImageId: AL2023,
        InstanceType: 't3.micro',
        MinCount: 2,
        MaxCount: 2,
        UserData: Buffer.from(USER_DATA).toString('base64'),
      }),
    );
    [terminated, stopped] = (out.Instances ?? []).map((instance) => instance.InstanceId!);
    expect(out.Instances?.map((instance) => instance.State?.Name)).toEqual(['pending', 'pending']);

    const states = await followStates(terminated!, 'running');
    expect(states[0]).toBe('pending');
    expect(states.at(-1)).toBe('running');

    for (const instanceId of [terminated!, stopped!]) {
      const marker = path.join(local.rootDir, 'instances', instanceId, 'root', 'marker');
      const content = await eventually('the marker file', () => readFile(marker, 'utf8'));
      expect(content.trim()).toBe(instanceId);
    }
  }, 30_000);

  it("serves each instance's agent on its own loopback address", async () => {
    for (const instanceId of [terminated, stopped]) {
      const address = sandboxAgentAddress(instanceId);
      expect(address).toMatch(/^127\./);
      await expect(eventually('the agent', () => get(address, AGENT_PORT))).resolves.toBe(`${instanceId} agent`);
      await expect(eventually('the daemon', () => get(address, AGENT_PORT + 1))).resolves.toBe(`${instanceId} daemon`);
    }
    const hosted = local.sandbox.host.instances().find((instance) => instance.instanceId === terminated);
    expect(hosted).toMatchObject({ address: sandboxAgentAddress(terminated), state: 'running' });
    const output = await readFile(path.join(hosted!.dir, 'cloud-init-output.log'), 'utf8');
    expect(output).toContain(`booting ${terminated} on ${hosted!.address}`);
  }, 30_000);

  it('ends every process of an instance when it is terminated or stopped', async () => {
    const pids = {
      terminated: [await pidOf(terminated, 'agent'), await pidOf(terminated, 'daemon')],
      stopped: [await pidOf(stopped, 'agent'), await pidOf(stopped, 'daemon')],
    };
    expect([...pids.terminated, ...pids.stopped].every(alive)).toBe(true);

    await local.ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminated] }));
    await local.ec2.send(new StopInstancesCommand({ InstanceIds: [stopped] }));
    const [terminating, stopping] = await Promise.all([
      followStates(terminated, 'terminated'),
      followStates(stopped, 'stopped'),
    ]);
    expect(terminating).toEqual(['shutting-down', 'terminated']);
    expect(stopping).toEqual(['stopping', 'stopped']);

    await eventually('the processes to end', async () =>
      [...pids.terminated, ...pids.stopped].some(alive) ? undefined : true,
    );
    await expect(get(sandboxAgentAddress(terminated), AGENT_PORT)).rejects.toThrow();
    await expect(get(sandboxAgentAddress(stopped), AGENT_PORT + 1)).rejects.toThrow();
    await eventually('the host to report the kill', async () =>
      local.sandbox.host.instances().every((instance) => instance.userData === 'killed') ? true : undefined,
    );
  }, 30_000);

  it('makes a new AMI pending, then available', async () => {
    const { ImageId } = await local.ec2.send(
      new CreateImageCommand({ InstanceId: stopped, Name: 'kiln-sandbox-test' }),
    );
    const stateOfImage = async () =>
      (await local.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images?.[0]?.State;
    expect(await stateOfImage()).toBe('pending');
    await eventually('the AMI to be available', async () =>
      (await stateOfImage()) === 'available' ? true : undefined,
    );
  }, 30_000);

  it('does not run Windows user data, and says why', async () => {
    const out = await local.ec2.send(
      new RunInstancesCommand({
        ImageId: AL2023,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        UserData: Buffer.from('<powershell>\nNew-Item C:\\kiln\n</powershell>').toString('base64'),
      }),
    );
    const instanceId = out.Instances![0].InstanceId!;
    const hosted = await eventually('the host to look at the user data', async () =>
      local.sandbox.host
        .instances()
        .find((instance) => instance.instanceId === instanceId && instance.userData === 'skipped'),
    );
    expect(hosted.pid).toBeUndefined();
    const output = await readFile(path.join(hosted.dir, 'cloud-init-output.log'), 'utf8');
    expect(output).toMatch(/Windows user data/);
    await local.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  }, 30_000);

  it('refuses requests from web pages and foreign Host headers', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${local.sandbox.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'Action=DescribeInstances&Version=2016-11-15',
      });
    const signed = { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/ec2/aws4_request, x' };
    expect((await post(signed)).status).toBe(200);
    expect((await post({ ...signed, origin: 'https://example.com' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(local.sandbox.endpoint);
      http
        .get({ hostname, port, path: '/moto-api/data.json', headers: { host: `attacker.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(rebound).toBe(403);
  });
});
