/**
 * The sandbox's cloud-init: watches moto for new instances and, for each, starts a real sshd on the instance's
 * loopback address (host keys reported on its console as on EC2), then runs its real user data on this machine, in
 * its own directory and process group, with its agent bound to that address; when the instance stops or terminates,
 * everything it started is ended, SSH sessions included, and sshd comes back when it is started again. An instance
 * launched from an image the sandbox baked starts with the image's copy of its instance's `root/` (image-disk.ts).
 */
import { spawn } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { SANDBOX_CREDENTIALS, SANDBOX_DEFAULT_REGION, sandboxAgentAddress } from './address';
import { seedRootFromImage } from './image-disk';
import {
  descendantsOf,
  killNowSync,
  killTreeNowSync,
  pidsFromPidFiles,
  processesWithEnvironment,
  terminateProcesses,
} from './process-reaper';
import { createSandboxSsh, type HostedSsh, type SshInstance } from './sandbox-ssh';
import { planUserData } from './user-data';

export interface InstanceHostOptions {
  /** moto's endpoint, e.g. `http://127.0.0.1:5000`. */
  ec2Endpoint: string;
  /** Instances live in `<rootDir>/instances/<instanceId>/`. */
  rootDir: string;
  /** Where images keep their copy of an instance's `root/` (`<imagesDir>/<id>/root`); default `<rootDir>/images`. */
  imagesDir?: string;
  /** Regions to watch; default `[region ?? SANDBOX_DEFAULT_REGION]`. */
  regions?: string[];
  region?: string;
  log?: (message: string) => void;
  /** Environment the user data inherits (AWS_* variables are removed); default the current process's. */
  env?: NodeJS.ProcessEnv;
  /** Default 500 ms: one DescribeInstances per region per interval. */
  pollIntervalMs?: number;
  /** Time between SIGTERM and SIGKILL when an instance goes away. Default 2 s. */
  killGraceMs?: number;
  /**
   * The sshd every (non-Windows) instance runs: a path or a name on PATH. Default `/usr/sbin/sshd` if it exists, else
   * `sshd` on PATH; without one instances run without SSH (logged once). `false` turns SSH off.
   */
  sshd?: string | false;
}

/** Where the user data of one instance stands. */
export type UserDataStatus =
  'waiting-for-running' | 'starting' | 'running' | 'exited' | 'skipped' | 'failed' | 'killed';

export interface HostedInstance {
  instanceId: string;
  region: string;
  /** The AMI it was launched from. */
  imageId: string | undefined;
  /** `<rootDir>/instances/<instanceId>`: user-data, cloud-init-output.log, root/ (KILN_ROOT). */
  dir: string;
  /** The loopback address the instance's agent is told to bind (`KILN_AGENT_BIND`). */
  address: string;
  /** Pid (and process group id) of the user data script, once started. */
  pid: number | undefined;
  /** EC2 state last seen in moto, or `gone` once moto no longer lists the instance. */
  state: string;
  userData: UserDataStatus;
  exitCode: number | null | undefined;
  /**
   * The instance's sshd, once its files are ready: `address:port` to connect to (as `sandboxLoginUser()`), its
   * directory (`<dir>/ssh`: host keys, sshd_config, authorized_keys, pushed/) and its pid while it runs.
   */
  ssh?: HostedSsh;
}

export interface InstanceHost {
  instances(): HostedInstance[];
  /**
   * Gives the instance new host keys, makes its sshd use them (SIGHUP) and rewrites its console output, as if it
   * had been replaced behind the same address. Throws when the instance is unknown or has no sshd.
   */
  regenerateHostKeys(instanceId: string): Promise<void>;
  /** Stops polling and ends every process of every instance. */
  stop(): Promise<void>;
}

interface Tracked extends HostedInstance {
  boot?: Promise<void>;
  shutdown?: Promise<void>;
}

const DOWN_STATES = new Set(['stopping', 'stopped', 'shutting-down', 'terminated', 'gone']);

/** Starts watching moto at once; `stop()` must be called to end polling and the instances' processes. */
export function createInstanceHost(options: InstanceHostOptions): InstanceHost {
  const log = options.log ?? (() => {});
  const regions = options.regions ?? [options.region ?? SANDBOX_DEFAULT_REGION];
  const clients = new Map(
    regions.map((region) => [
      region,
      new EC2Client({ region, endpoint: options.ec2Endpoint, credentials: { ...SANDBOX_CREDENTIALS }, maxAttempts: 2 }),
    ]),
  );
  const baseEnv = withoutAwsVariables(options.env ?? process.env);
  const killGraceMs = options.killGraceMs ?? 2000;
  const imagesDir = path.resolve(options.imagesDir ?? path.join(options.rootDir, 'images'));
  const tracked = new Map<string, Tracked>();
  const lastError = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  const ssh = createSandboxSsh({ sshd: options.sshd, env: options.env ?? process.env, log });

  /** The user data and what it starts carry these, so the reaper can find what left the group. */
  const markerEnvOf = (instance: Tracked) => ({
    KILN_INSTANCE_ID: instance.instanceId,
    KILN_ROOT: path.join(instance.dir, 'root'),
  });
  const markersOf = (instance: Tracked) =>
    Object.entries(markerEnvOf(instance)).map(([name, value]) => `${name}=${value}`);
  const sshInstanceOf = (instance: Tracked): SshInstance => ({
    instanceId: instance.instanceId,
    dir: instance.dir,
    address: instance.address,
    env: { ...baseEnv, ...markerEnvOf(instance) },
  });
  const runDirOf = (instance: Tracked) => path.join(instance.dir, 'root', 'run');

  const killAllNow = () => {
    for (const instance of tracked.values()) {
      killTreeNowSync(instance.ssh?.pid);
      killNowSync(instance.pid, runDirOf(instance), markersOf(instance));
    }
  };
  process.once('exit', killAllNow);

  async function pollRegion(region: string, client: EC2Client): Promise<void> {
    const listed = new Map<string, { state: string; imageId: string | undefined }>();
    try {
      let nextToken: string | undefined;
      do {
        const page = await client.send(new DescribeInstancesCommand({ NextToken: nextToken }));
        for (const reservation of page.Reservations ?? []) {
          for (const instance of reservation.Instances ?? []) {
            if (!instance.InstanceId) continue;
            listed.set(instance.InstanceId, { state: instance.State?.Name ?? 'unknown', imageId: instance.ImageId });
          }
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (lastError.get(region) !== message) log(`DescribeInstances in ${region} failed: ${message}`);
      lastError.set(region, message);
      return;
    }
    if (lastError.delete(region)) log(`DescribeInstances in ${region} works again`);
    if (stopped) return;
    for (const [instanceId, { state, imageId }] of listed) observe(region, client, instanceId, state, imageId);
    for (const instance of tracked.values()) {
      if (instance.region !== region || listed.has(instance.instanceId)) continue;
      observe(region, client, instance.instanceId, 'gone', instance.imageId);
    }
  }

  function observe(
    region: string,
    client: EC2Client,
    instanceId: string,
    state: string,
    imageId: string | undefined,
  ): void {
    let instance = tracked.get(instanceId);
    if (!instance) {
      const dir = path.resolve(options.rootDir, 'instances', instanceId);
      const alive = state === 'pending' || state === 'running';
      const userData: UserDataStatus = alive ? 'waiting-for-running' : 'skipped';
      const address = sandboxAgentAddress(instanceId);
      instance = { instanceId, region, imageId, dir, address, pid: undefined, state, userData, exitCode: undefined };
      tracked.set(instanceId, instance);
      if (alive) log(`${instanceId}: new instance (${state}), agent address ${instance.address}`);
    }
    const previous = instance.state;
    instance.state = state;
    if (state === 'running' && instance.userData === 'waiting-for-running') {
      instance.boot = boot(instance, client);
    } else if (state === 'running' && previous !== 'running' && instance.shutdown) {
      // The next stop must end what this start brings up, after the previous stop has finished.
      const previousShutdown = instance.shutdown;
      instance.shutdown = undefined;
      instance.boot = restart(instance, previousShutdown);
    }
    if (DOWN_STATES.has(state) && !instance.shutdown && hasProcesses(instance)) {
      instance.shutdown = shutdown(instance, `instance ${state}`);
    }
  }

  // On EC2, cloud-init runs the user data once the instance has booted, i.e. after it is `running`, and sshd is
  // up by then.
  async function boot(instance: Tracked, client: EC2Client): Promise<void> {
    instance.userData = 'starting';
    const outputPath = path.join(instance.dir, 'cloud-init-output.log');
    try {
      await seedRoot(instance);
      await mkdir(path.join(instance.dir, 'root', 'run'), { recursive: true, mode: 0o700 });
      if (!stopped && !DOWN_STATES.has(instance.state)) instance.ssh = await ssh.boot(sshInstanceOf(instance), client);
      const attribute = await client.send(
        new DescribeInstanceAttributeCommand({ InstanceId: instance.instanceId, Attribute: 'userData' }),
      );
      const userData = Buffer.from(attribute.UserData?.Value ?? '', 'base64');
      const scriptPath = path.join(instance.dir, 'user-data');
      await writeFile(scriptPath, userData, { mode: 0o700 });
      const plan = planUserData(userData);
      if (plan.kind === 'unsupported') {
        instance.userData = 'skipped';
        log(`${instance.instanceId}: user data not run: ${plan.reason}`);
        await writeFile(outputPath, `[kiln sandbox] user data not run: ${plan.reason}\n`, { flag: 'a' });
        return;
      }
      if (stopped || DOWN_STATES.has(instance.state)) {
        instance.userData = 'skipped';
        return;
      }
      await runUserData(instance, plan.command, [...plan.args, scriptPath], outputPath);
    } catch (error) {
      instance.userData = 'failed';
      const message = `user data could not be run: ${error instanceof Error ? error.message : String(error)}`;
      log(`${instance.instanceId}: ${message}`);
      await writeFile(outputPath, `[kiln sandbox] ${message}\n`, { flag: 'a' }).catch(() => {});
    }
  }

  /** As an EC2 instance starts with its AMI's volumes: the image's copy of its instance's `root/`, if it has one. */
  async function seedRoot(instance: Tracked): Promise<void> {
    if (!instance.imageId) return;
    const root = path.join(instance.dir, 'root');
    if (await seedRootFromImage(imagesDir, instance.imageId, root)) {
      log(`${instance.instanceId}: root/ starts with the files of image ${instance.imageId}`);
    }
  }

  /** Detached, so the script and what it starts form one process group that can be ended together. */
  async function runUserData(instance: Tracked, command: string, args: string[], outputPath: string): Promise<void> {
    const output = await open(outputPath, 'a', 0o600);
    try {
      const child = spawn(command, args, {
        cwd: instance.dir,
        detached: true,
        stdio: ['ignore', output.fd, output.fd],
        env: {
          ...baseEnv,
          KILN_SANDBOX: '1',
          KILN_ROOT: path.join(instance.dir, 'root'),
          KILN_AGENT_BIND: instance.address,
          KILN_INSTANCE_ID: instance.instanceId,
          // The agent reports the host keys (the .pub files) over its pinned channel.
          ...(instance.ssh ? { KILN_SSH_HOST_KEY_DIR: instance.ssh.dir } : {}),
        },
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.on('error', reject);
      });
      instance.pid = child.pid;
      instance.userData = 'running';
      log(`${instance.instanceId}: user data started (${command}, pid ${child.pid})`);
      child.once('exit', (code, signal) => {
        instance.exitCode = code;
        if (instance.userData === 'running') instance.userData = 'exited';
        log(`${instance.instanceId}: user data exited (${signal ?? `code ${code}`})`);
      });
    } finally {
      await output.close();
    }
  }

  async function shutdown(instance: Tracked, reason: string): Promise<void> {
    await instance.boot;
    const markers = markersOf(instance);
    try {
      const [fromPidFiles, fromEnvironment] = await Promise.all([
        pidsFromPidFiles(runDirOf(instance), markers),
        processesWithEnvironment(markers),
      ]);
      // sshd by its pid (our child; its process title overwrites its environment), its sessions as its
      // descendants: children in sessions of their own whose shells get a fresh environment.
      const sshd = instance.ssh?.pid;
      const roots = [...fromPidFiles, ...fromEnvironment, ...(sshd ? [sshd] : [])];
      const pids = [...roots, ...(await descendantsOf(roots))];
      await terminateProcesses({ processGroup: instance.pid, pids }, killGraceMs);
      if (instance.ssh) instance.ssh.pid = undefined;
      if (instance.userData === 'running' || instance.userData === 'exited') instance.userData = 'killed';
      log(`${instance.instanceId}: ${reason}; its processes were ended`);
    } catch (error) {
      log(`${instance.instanceId}: ${reason}, but ending its processes failed: ${String(error)}`);
    }
  }

  async function restart(instance: Tracked, previousShutdown: Promise<void>): Promise<void> {
    await previousShutdown;
    const note = 'the sandbox runs user data on first boot only, so it does not run again';
    if (!instance.ssh || stopped || DOWN_STATES.has(instance.state)) {
      log(`${instance.instanceId}: started again; ${note}`);
      return;
    }
    try {
      await ssh.start(sshInstanceOf(instance), instance.ssh);
      log(`${instance.instanceId}: started again; sshd is back, ${note}`);
    } catch (error) {
      log(`${instance.instanceId}: started again, but sshd did not start: ${String(error)}`);
    }
  }

  const loop = () => {
    if (stopped) return;
    polling = Promise.all([...clients].map(([region, client]) => pollRegion(region, client)))
      .catch((error: unknown) => log(`instance host poll failed: ${String(error)}`))
      .then(() => {
        if (!stopped) timer = setTimeout(loop, options.pollIntervalMs ?? 500);
      });
  };
  loop();

  return {
    instances: () =>
      [...tracked.values()].map(({ boot: _boot, shutdown: _shutdown, ssh: hostedSsh, ...snapshot }) => ({
        ...snapshot,
        ...(hostedSsh ? { ssh: { ...hostedSsh } } : {}),
      })),
    async regenerateHostKeys(instanceId) {
      const instance = tracked.get(instanceId);
      if (!instance) throw new Error(`${instanceId} is not an instance of this sandbox`);
      await instance.boot;
      if (!instance.ssh) throw new Error(`${instanceId} has no sshd`);
      await ssh.regenerateHostKeys(sshInstanceOf(instance), instance.ssh);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await polling;
      await Promise.all(
        [...tracked.values()].map((instance) => {
          if (!instance.shutdown && hasProcesses(instance)) {
            instance.shutdown = shutdown(instance, 'sandbox stopping');
          }
          return instance.shutdown ?? Promise.resolve();
        }),
      );
      process.off('exit', killAllNow);
      for (const client of clients.values()) client.destroy();
    },
  };
}

/** Whether user data or sshd was (or is being) started, so there may be processes to end. */
function hasProcesses(instance: HostedInstance): boolean {
  return (instance.userData !== 'waiting-for-running' && instance.userData !== 'skipped') || instance.ssh !== undefined;
}

/** A real instance never sees the operator's credentials, and a sandbox script must not reach real AWS with them. */
function withoutAwsVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_')));
}
