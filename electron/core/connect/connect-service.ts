/**
 * Connect: everything that gets the operator into a launched instance. It promises that nothing connects to a host
 * key Kiln has not verified (the agent's report over its pinned channel, else cloud-init's console output), that
 * an Instance Connect key lives in memory only, and that a Windows password is decrypted on request and kept
 * nowhere. Expected failures are KilnFailures with a remedy.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetConsoleOutputCommand, GetPasswordDataCommand } from '@aws-sdk/client-ec2';
import { SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import type {
  ConnectFile,
  ConnectFileKind,
  ConnectInfo,
  ConnectOptions,
  HostKeys,
  LaunchRecord,
  TerminalSession,
  WindowsPassword,
} from '../../common/models';
import { assertNever, KilnFailure, type KilnError } from '../../common/result';
import { awsCall } from '../aws/clients';
import type { AwsClientPool } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import { generateEd25519 } from '../keypairs/openssh-key';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { connectChecks } from './connect-checks';
import {
  connectFileName,
  renderPs1Script,
  renderRdpFile,
  renderShScript,
  renderSshConfigBlock,
  shQuote,
  sshCommandLine,
  type SshTarget,
} from './connect-scripts';
import { hostKeysFromConsole, knownHostsText } from './host-keys';
import { loadPrivateKey, readKeyFile } from './key-file';
import { resolveLoginTarget, type LoginTarget } from './login-target';
import { createTerminalSessions } from './terminal-sessions';
import { decryptWindowsPassword } from './windows-password';

export interface ConnectServiceDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  catalog: Pick<Catalog, 'describeImage'>;
  records: {
    get(launchId: string): LaunchRecord;
    update(launchId: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord>;
  };
  /** Kiln's data directory: per-launch known_hosts files live in `connect/<launchId>/`. */
  dataDir: string;
  onOutput: (sessionId: string, data: string) => void;
  onClosed: (sessionId: string, error?: KilnError) => void;
  log: (message: string, error?: unknown) => void;
  now?: () => Date;
}

export interface ConnectService {
  info(launchId: string): Promise<ConnectInfo>;
  setOptions(launchId: string, options: { user?: string | null; keyPath?: string | null }): Promise<LaunchRecord>;
  file(launchId: string, kind: ConnectFileKind): Promise<ConnectFile>;
  openSession(launchId: string, size: { cols: number; rows: number }): Promise<TerminalSession>;
  write(sessionId: string, data: string): void;
  resize(sessionId: string, cols: number, rows: number): void;
  close(sessionId: string): void;
  windowsPassword(launchId: string, passphrase?: string): Promise<WindowsPassword>;
  dispose(): void;
}

const SAFE_ID = /^[A-Za-z0-9-]+$/;

export function createConnectService(deps: ConnectServiceDeps): ConnectService {
  const now = deps.now ?? (() => new Date());
  const sessions = createTerminalSessions({ onOutput: deps.onOutput, onClosed: deps.onClosed });

  async function resolve(launchId: string) {
    const record = deps.records.get(launchId);
    if (record.phase === 'terminating' || record.phase === 'terminated') {
      throw new KilnFailure({
        code: 'InstanceGone',
        message: `${record.spec.name} is ${record.phase}.`,
        remedy: 'Launch again to get a new instance.',
      });
    }
    const context = await deps.profiles.get(record.spec.profileId);
    const clients = deps.clients.get(context, record.spec.region);
    const target = await resolveLoginTarget(context, clients.ec2, deps.catalog, record);
    return { context, clients, target };
  }

  /** The pinned host keys: the agent's report, else (once) what cloud-init printed on the console. */
  async function hostKeysOf(context: ProfileContext, target: LoginTarget): Promise<HostKeys | undefined> {
    if (target.record.hostKeys) return target.record.hostKeys;
    if (target.platform !== 'linux') return undefined;
    const ec2 = deps.clients.get(context, target.record.spec.region).ec2;
    const out = await ec2
      .send(new GetConsoleOutputCommand({ InstanceId: target.instanceId }))
      .catch((error: unknown) => {
        deps.log(`could not read the console output of ${target.instanceId}`, error);
        return undefined;
      });
    const text = out?.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
    const { keys } = hostKeysFromConsole(text);
    if (keys.length === 0) return undefined;
    const hostKeys: HostKeys = { source: 'console-output', keys, collectedAt: now().toISOString() };
    await deps.records.update(target.record.id, (r) => (r.hostKeys ? r : { ...r, hostKeys }));
    return hostKeys;
  }

  function knownHostsPath(launchId: string): string {
    if (!SAFE_ID.test(launchId)) throw new Error(`Invalid launch id ${JSON.stringify(launchId)}`);
    return path.join(deps.dataDir, 'connect', launchId, 'known_hosts');
  }

  /** Host names a client may use for the instance: the endpoint, the public DNS name and IP. */
  function hostPatterns(target: LoginTarget): string[] {
    const names = [target.endpoint?.host, target.instance.PublicDnsName, target.instance.PublicIpAddress];
    return [...new Set(names.filter((name): name is string => !!name && /^[A-Za-z0-9.:-]+$/.test(name)))];
  }

  /** Writes the launch's pinned known_hosts file (only when it changes) and returns its text. */
  async function writeKnownHosts(
    target: LoginTarget,
    hostKeys: HostKeys,
  ): Promise<{ file: string; text: string } | undefined> {
    if (!target.endpoint) return undefined;
    const file = knownHostsPath(target.record.id);
    const text = knownHostsText(hostPatterns(target), target.endpoint.port, hostKeys.keys);
    if ((await readFile(file, 'utf8').catch(() => undefined)) !== text) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, text, { mode: 0o600 });
    }
    return { file, text };
  }

  async function ssmCommand(context: ProfileContext, target: LoginTarget): Promise<string | undefined> {
    const ssm = deps.clients.get(context, target.record.spec.region).ssm;
    const out = await ssm
      .send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [target.instanceId] }] }))
      // Session Manager is an extra way in: without ssm:DescribeInstanceInformation the tab just does not offer it.
      .catch((error: unknown) => deps.log(`could not ask SSM whether ${target.instanceId} is a managed node`, error));
    if (out?.InstanceInformationList?.[0]?.PingStatus !== 'Online') return undefined;
    const extra = [
      ...(context.cliProfile ? ['--profile', shQuote(context.cliProfile)] : []),
      ...(context.endpointForErrors ? ['--endpoint-url', shQuote(context.endpointForErrors)] : []),
    ];
    return [
      'aws ssm start-session --target',
      shQuote(target.instanceId),
      '--region',
      shQuote(target.record.spec.region),
      ...extra,
    ].join(' ');
  }

  function sshTarget(
    context: ProfileContext,
    target: LoginTarget,
    knownHosts: { file: string; text: string },
  ): SshTarget {
    return {
      launchId: target.record.id,
      name: target.record.spec.name,
      host: target.endpoint!.host,
      port: target.endpoint!.port,
      user: target.user,
      keyPath: target.keyPath,
      knownHosts: knownHosts.text,
      knownHostsPath: knownHosts.file,
      instanceConnect:
        target.keySource === 'instance-connect'
          ? {
              instanceId: target.instanceId,
              region: target.record.spec.region,
              profile: context.cliProfile,
              endpointUrl: context.endpointForErrors,
            }
          : undefined,
    };
  }

  async function pinned(
    context: ProfileContext,
    target: LoginTarget,
  ): Promise<{ hostKeys: HostKeys; knownHosts: { file: string; text: string } }> {
    const hostKeys = await hostKeysOf(context, target);
    if (!hostKeys) {
      throw new KilnFailure({
        code: 'NoHostKeys',
        message: `Kiln knows no verified SSH host key of ${target.record.spec.name}, so it writes no script that would trust one blindly.`,
        remedy: 'The console output lists the host keys a few minutes after boot: refresh the Connect tab then.',
      });
    }
    const knownHosts = await writeKnownHosts(target, hostKeys);
    if (!knownHosts) throw noEndpoint(target);
    return { hostKeys, knownHosts };
  }

  /** The private key for a session: the key file, or a fresh in-memory key pushed with EC2 Instance Connect. */
  async function sessionKey(
    context: ProfileContext,
    target: LoginTarget,
  ): Promise<{ privateKey: string; passphrase?: string }> {
    if (target.keyPath) {
      const key = await loadPrivateKey(target.keyPath).catch((error: unknown) => {
        if (error instanceof KilnFailure && error.error.code === 'PassphraseRequired') {
          throw new KilnFailure({
            ...error.error,
            remedy:
              "Kiln's terminal cannot ask for a passphrase: use the ssh command or a script from the Connect tab, or clear the key file to use EC2 Instance Connect.",
          });
        }
        throw error;
      });
      return { privateKey: key.forSsh, passphrase: key.passphrase };
    }
    if (target.keySource !== 'instance-connect') {
      throw new KilnFailure({
        code: 'NoKey',
        message: 'This launch has no key to log in with.',
        remedy: 'Set the private key file of its key pair on the Connect tab.',
      });
    }
    const key = generateEd25519();
    const { instanceConnect } = deps.clients.get(context, target.record.spec.region);
    await awsCall(context, `push a one-time key to ${target.instanceId} with EC2 Instance Connect`, () =>
      instanceConnect.send(
        new SendSSHPublicKeyCommand({
          InstanceId: target.instanceId,
          InstanceOSUser: target.user,
          SSHPublicKey: key.public,
        }),
      ),
    );
    return { privateKey: key.private };
  }

  return {
    async info(launchId) {
      const { context, clients, target } = await resolve(launchId);
      const hostKeys = await hostKeysOf(context, target);
      const knownHosts = hostKeys && (await writeKnownHosts(target, hostKeys));
      const [checks, ssm] = await Promise.all([
        connectChecks(context, clients.ec2, target, hostKeys),
        ssmCommand(context, target),
      ]);
      return {
        platform: target.platform,
        instanceState: target.instance.State?.Name,
        host: target.endpoint?.host,
        port: target.endpoint?.port ?? target.standardPort,
        user: target.user,
        userSource: target.userSource,
        userDetail: target.userDetail,
        keySource: target.keySource,
        keyPath: target.keyPath,
        hostKeys,
        knownHostsPath: knownHosts?.file,
        checks,
        sshCommand:
          target.platform === 'linux' && knownHosts
            ? sshCommandLine(sshTarget(context, target, knownHosts))
            : undefined,
        ssmCommand: ssm,
      };
    },

    async setOptions(launchId, options) {
      deps.records.get(launchId);
      if (options.keyPath) await readKeyFile(options.keyPath);
      return deps.records.update(launchId, (r) => {
        const next: ConnectOptions = { ...r.connect };
        if (options.user !== undefined) next.user = options.user ?? undefined;
        if (options.keyPath !== undefined) next.keyPath = options.keyPath ?? undefined;
        return { ...r, connect: next.user || next.keyPath ? next : undefined };
      });
    },

    async file(launchId, kind) {
      const { context, target } = await resolve(launchId);
      if (kind === 'rdp') {
        if (!target.endpoint) throw noEndpoint(target);
        const content = renderRdpFile({ host: target.endpoint.host, port: target.endpoint.port, user: target.user });
        return {
          fileName: connectFileName(target.record.spec.name, launchId, 'rdp'),
          mimeType: 'application/x-rdp',
          content,
        };
      }
      const { knownHosts } = await pinned(context, target);
      const ssh = sshTarget(context, target, knownHosts);
      const name = (extension: string) => connectFileName(target.record.spec.name, launchId, extension);
      switch (kind) {
        case 'sh':
          return { fileName: name('sh'), mimeType: 'text/x-shellscript', content: renderShScript(ssh) };
        case 'ps1':
          return { fileName: name('ps1'), mimeType: 'text/plain', content: renderPs1Script(ssh) };
        case 'ssh-config':
          return {
            fileName: name('ssh-config'),
            mimeType: 'text/plain',
            content: renderSshConfigBlock(ssh, target.record.spec.name),
          };
        case 'known-hosts':
          return { fileName: name('known_hosts'), mimeType: 'text/plain', content: knownHosts.text };
        default:
          return assertNever(kind);
      }
    },

    async openSession(launchId, { cols, rows }) {
      const { context, target } = await resolve(launchId);
      if (target.platform !== 'linux') {
        throw new KilnFailure({
          code: 'NotLinux',
          message: 'The terminal in Kiln is for Linux instances.',
          remedy: 'Use the RDP file and the Administrator password.',
        });
      }
      if (target.instance.State?.Name !== 'running') {
        throw new KilnFailure({
          code: 'InstanceNotRunning',
          message: `The instance is ${target.instance.State?.Name ?? 'not running'}.`,
          remedy: 'Start it, then connect.',
        });
      }
      const { hostKeys } = await pinned(context, target);
      const key = await sessionKey(context, target);
      const sessionId = await sessions.open({
        launchId,
        host: target.endpoint!.host,
        port: target.endpoint!.port,
        user: target.user,
        ...key,
        hostKeys: hostKeys.keys,
        cols,
        rows,
      });
      return {
        sessionId,
        launchId,
        keySource: target.keySource,
        hostKeySource: hostKeys.source,
        user: target.user,
        host: target.endpoint!.host,
      };
    },

    write: (sessionId, data) => sessions.write(sessionId, data),
    resize: (sessionId, cols, rows) => sessions.resize(sessionId, cols, rows),
    close: (sessionId) => sessions.close(sessionId),

    async windowsPassword(launchId, passphrase) {
      const { context, clients, target } = await resolve(launchId);
      if (target.platform !== 'windows') {
        throw new KilnFailure({
          code: 'NotWindows',
          message: 'Only Windows instances have an Administrator password from EC2.',
          remedy: 'Use SSH to connect.',
        });
      }
      const out = await awsCall(context, `get the password data of ${target.instanceId}`, () =>
        clients.ec2.send(new GetPasswordDataCommand({ InstanceId: target.instanceId })),
      );
      const data = out.PasswordData?.trim();
      if (!data) return { status: 'not-ready', launchedAt: target.instance.LaunchTime?.toISOString() };
      if (!target.keyPath) {
        throw new KilnFailure({
          code: 'NoKeyFile',
          message: "Kiln needs the private key of the instance's key pair to decrypt the password.",
          remedy: 'Set the key file on the Connect tab.',
        });
      }
      const password = decryptWindowsPassword(data, await readKeyFile(target.keyPath), passphrase);
      return { status: 'ready', user: target.user, password };
    },

    dispose: () => sessions.dispose(),
  };
}

function noEndpoint(target: LoginTarget): KilnFailure {
  return new KilnFailure({
    code: 'NoPublicAddress',
    message: `${target.record.spec.name} has no address your workstation can reach.`,
    remedy: 'Attach an Elastic IP, or use Session Manager when the instance is a managed node.',
  });
}
