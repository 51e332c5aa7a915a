/**
 * SSH for the instance host: per instance, from its EC2 description (platform, key pair, private IP) to a
 * listening sshd with its console report, and again after a stop and start or a change of host keys. Finds the
 * OpenSSH programs once; without them it says so once and every instance runs without SSH.
 */
import path from 'node:path';
import { DescribeInstancesCommand, DescribeKeyPairsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { sandboxLoginUser, sandboxSshPort } from './address';
import {
  findSshTools,
  generateHostKeys,
  hostKeysComment,
  prepareInstanceSsh,
  reloadSshd,
  startSshd,
  writeConsoleSsh,
  type SshTools,
} from './instance-sshd';

/** What the instance host reports about an instance's sshd (`HostedInstance.ssh`). */
export interface HostedSsh {
  address: string;
  port: number;
  /** `<instance dir>/ssh`. */
  dir: string;
  /** While sshd runs (cleared when it exits, so it always names our own child). */
  pid?: number;
}

/** The instance as SSH needs it. */
export interface SshInstance {
  instanceId: string;
  /** `<rootDir>/instances/<instanceId>`: `ssh/`, `sshd.log` and `console.log` go here. */
  dir: string;
  address: string;
  /** sshd's environment, the instance's markers included. */
  env: NodeJS.ProcessEnv;
}

export interface SandboxSshDeps {
  /** See `InstanceHostOptions.sshd`. */
  sshd?: string | false;
  /** Where sshd and ssh-keygen are looked up (PATH). */
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

export interface SandboxSsh {
  /**
   * Host keys, config and console report, then sshd. Undefined when there is no sshd or the instance is Windows;
   * a failure is logged and leaves `pid` unset (the instance boots without SSH, not without its user data).
   */
  boot(instance: SshInstance, client: EC2Client): Promise<HostedSsh | undefined>;
  /** Starts sshd again (after a stop and start); sets `ssh.pid`. */
  start(instance: SshInstance, ssh: HostedSsh): Promise<void>;
  /** New host keys, sshd re-reads them (SIGHUP), new console report. */
  regenerateHostKeys(instance: SshInstance, ssh: HostedSsh): Promise<void>;
}

export function createSandboxSsh(deps: SandboxSshDeps): SandboxSsh {
  let found: Promise<SshTools | undefined> | undefined;
  const toolsOnce = () =>
    (found ??= findSshTools(deps.sshd, deps.env).then((result) => {
      if (result.ok) return result.tools;
      if (deps.sshd !== false) deps.log(`${result.reason}; instances run without SSH`);
      return undefined;
    }));
  const consolePath = (instance: SshInstance) => path.join(instance.dir, 'console.log');
  const logPath = (instance: SshInstance) => path.join(instance.dir, 'sshd.log');

  async function start(instance: SshInstance, ssh: HostedSsh, tools: SshTools): Promise<void> {
    const { address, port, dir: sshDir } = ssh;
    const onExit = (pid: number) => {
      if (ssh.pid === pid) ssh.pid = undefined;
    };
    ssh.pid = await startSshd(tools, { sshDir, address, port, env: instance.env, logPath: logPath(instance), onExit });
    deps.log(`${instance.instanceId}: sshd on ${address}:${port} (pid ${ssh.pid}), login ${sandboxLoginUser()}`);
  }

  async function publicKeyOf(instance: SshInstance, client: EC2Client, keyName: string) {
    try {
      const out = await client.send(new DescribeKeyPairsCommand({ KeyNames: [keyName], IncludePublicKey: true }));
      return out.KeyPairs?.[0]?.PublicKey;
    } catch (error) {
      deps.log(`${instance.instanceId}: key pair ${keyName} not authorized for SSH: ${String(error)}`);
      return undefined;
    }
  }

  async function requireTools(instanceId: string): Promise<SshTools> {
    const tools = await toolsOnce();
    if (!tools) throw new Error(`${instanceId} has no sshd`);
    return tools;
  }

  return {
    async boot(instance, client) {
      const tools = await toolsOnce();
      if (!tools) return undefined;
      let ssh: HostedSsh | undefined;
      try {
        const out = await client.send(new DescribeInstancesCommand({ InstanceIds: [instance.instanceId] }));
        const described = out.Reservations?.[0]?.Instances?.[0];
        if (described?.Platform?.toLowerCase() === 'windows') return undefined;
        const candidate: HostedSsh = {
          address: instance.address,
          port: sandboxSshPort(),
          dir: path.join(instance.dir, 'ssh'),
        };
        await prepareInstanceSsh(tools, {
          sshDir: candidate.dir,
          instanceId: instance.instanceId,
          address: candidate.address,
          port: candidate.port,
          loginUser: sandboxLoginUser(),
          authorizedKey: described?.KeyName ? await publicKeyOf(instance, client, described.KeyName) : undefined,
          privateIp: described?.PrivateIpAddress,
        });
        ssh = candidate;
        await writeConsoleSsh(tools, ssh.dir, consolePath(instance), new Date());
        await start(instance, ssh, tools);
      } catch (error) {
        deps.log(`${instance.instanceId}: no SSH: ${error instanceof Error ? error.message : String(error)}`);
      }
      return ssh;
    },

    async start(instance, ssh) {
      await start(instance, ssh, await requireTools(instance.instanceId));
    },

    async regenerateHostKeys(instance, ssh) {
      const tools = await requireTools(instance.instanceId);
      const comment = (await hostKeysComment(ssh.dir)) ?? `root@${instance.instanceId}`;
      await generateHostKeys(tools, ssh.dir, comment, true);
      if (ssh.pid) {
        const { dir: sshDir, address, port } = ssh;
        await reloadSshd(ssh.pid, { sshDir, address, port, logPath: logPath(instance) });
      }
      await writeConsoleSsh(tools, ssh.dir, consolePath(instance), new Date());
      deps.log(`${instance.instanceId}: new SSH host keys`);
    },
  };
}
