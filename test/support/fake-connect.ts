/** The fake backend's connect.* commands: checks, options, files, terminal sessions and the Windows password. */
import { type CommandHandlers, type CommandName } from '../../electron/common/contract';
import {
  type ConnectCheck,
  type ConnectFile,
  type ConnectFileKind,
  type ConnectInfo,
  type HostKeys,
  type LaunchRecord,
  type TerminalSession,
} from '../../electron/common/models';
import { fail, ok } from '../../electron/common/result';
import type { FakeData } from './fake-data';
import { changeLaunch, notFound, type Emit } from './fake-shared';

/** The Administrator password connect.windowsPassword answers once EC2 "has" it. */
export const FAKE_WINDOWS_PASSWORD = 'kT9#vQ2!mZ7@pL4x';

/** Host keys as the agent reports them. */
export const FAKE_HOST_KEYS: HostKeys = {
  source: 'agent',
  collectedAt: '2025-01-15T10:02:00.000Z',
  keys: [
    {
      type: 'ssh-ed25519',
      key: 'AAAAC3NzaC1lZDI1NTE5AAAAIKilnFakeHostKeyForRendererTests0000000',
      fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
    },
    {
      type: 'ecdsa-sha2-nistp256',
      key: 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKilnFake',
      fingerprint: 'SHA256:1b7Xz0y2qjV3b6Pp9mH8mZ1tNdq3vPz1pW1r7m0D8aA',
    },
  ],
};

type ConnectCommand = Extract<CommandName, `connect.${string}`>;

/** What connect.info says for a launch, worked out from its record the way the backend would. */
function connectInfoOf(data: FakeData, record: LaunchRecord): ConnectInfo {
  const image = data.images.find((i) => i.imageId === record.spec.imageId);
  const platform = image?.platform ?? 'linux';
  const host = record.publicDnsName ?? record.publicIp;
  const port = record.loginPort ?? (platform === 'windows' ? 3389 : 22);
  const cidr = data.operatorCidr ?? '203.0.113.9/32';
  const keyPair = record.spec.keyPair;
  const keyPath = record.connect?.keyPath ?? (keyPair?.mode === 'create' ? keyPair.savePath : undefined);
  const keySource = record.connect?.keyPath
    ? 'operator-key-file'
    : keyPath
      ? 'launch-key-file'
      : platform === 'linux'
        ? 'instance-connect'
        : 'none';
  const user = record.connect?.user ?? (platform === 'windows' ? 'Administrator' : 'ec2-user');
  const userSource = record.connect?.user
    ? 'operator'
    : platform === 'linux' && image?.name.startsWith('al2023')
      ? 'image'
      : 'default';
  const userDetail = {
    operator: 'You chose this user for this launch.',
    image: 'Amazon Linux AMIs log in as ec2-user.',
    sandbox: "The sandbox's own account.",
    default:
      platform === 'windows'
        ? 'Windows logs in as Administrator.'
        : 'The usual login of Linux AMIs; set yours if the image uses another.',
  }[userSource];
  const running = record.instanceState === 'running';
  const ruleOk = record.operatorCidr === undefined || record.operatorCidr === cidr;
  const checks: ConnectCheck[] = [
    running
      ? { id: 'instance-state', ok: true, title: 'The instance is running' }
      : {
          id: 'instance-state',
          ok: false,
          title: `The instance is ${record.instanceState ?? 'not running yet'}`,
          remedy: 'Wait until it runs, then Refresh.',
        },
    host
      ? { id: 'public-ip', ok: true, title: `The instance has a public address (${host})` }
      : {
          id: 'public-ip',
          ok: false,
          title: 'The instance has no public address',
          remedy: 'Connect from inside its VPC, through a bastion or VPN, or with Session Manager.',
        },
    record.loginPort === null
      ? {
          id: 'login-port',
          ok: true,
          title: 'Logins are left to the security groups you chose',
          detail: 'Kiln cannot check rules it does not own.',
        }
      : ruleOk
        ? { id: 'login-port', ok: true, title: `Port ${port} is open to your address ${cidr}` }
        : {
            id: 'login-port',
            ok: false,
            title: `Port ${port} is open to ${record.operatorCidr}, not to your address ${cidr}`,
            remedy: 'Move the rule to your current address.',
            fix: 'update-login-rule',
          },
    keySource === 'none'
      ? {
          id: 'key-file',
          ok: false,
          title: 'Kiln has no private key for this instance',
          remedy: "Set the private key file of the launch's key pair under Login.",
        }
      : {
          id: 'key-file',
          ok: true,
          title:
            keySource === 'instance-connect'
              ? 'EC2 Instance Connect will push a one-time key'
              : `The key file ${keyPath} is readable`,
        },
  ];
  if (platform === 'linux') {
    checks.push(
      record.hostKeys
        ? { id: 'host-keys', ok: true, title: `Kiln knows the instance's ${record.hostKeys.keys.length} host keys` }
        : {
            id: 'host-keys',
            ok: false,
            title: 'Kiln has no verified host keys for the instance yet',
            remedy:
              'Wait for the agent to report them, or for cloud-init to print them in the console output, then Refresh.',
          },
    );
  } else {
    const ready = Date.now() >= passwordReadyAt(data, record);
    checks.push(
      ready
        ? { id: 'password', ok: true, title: 'EC2 has the Administrator password' }
        : {
            id: 'password',
            ok: false,
            title: 'EC2 does not have the Administrator password yet',
            remedy: 'It usually takes about 4 minutes after launch, up to 15.',
          },
    );
  }
  const knownHostsPath = `/home/operator/.config/kiln/known_hosts/${record.id}`;
  // As the backend writes it: with EC2 Instance Connect the scripts push the key, the one-line command has none.
  const sshCommand =
    platform !== 'linux' || !host || !record.hostKeys
      ? undefined
      : [
          'ssh',
          ...(keyPath ? ['-i', keyPath] : []),
          ...(port !== 22 ? ['-p', String(port)] : []),
          '-o StrictHostKeyChecking=yes',
          `-o UserKnownHostsFile=${knownHostsPath}`,
          '-o IdentitiesOnly=yes',
          `${user}@${host}`,
        ].join(' ');
  return {
    platform,
    instanceState: record.instanceState,
    host,
    port,
    user,
    userSource,
    userDetail,
    keySource,
    keyPath,
    hostKeys: record.hostKeys,
    knownHostsPath: record.hostKeys ? knownHostsPath : undefined,
    checks,
    sshCommand,
    ssmCommand: data.ssmManaged?.includes(record.id)
      ? `aws ssm start-session --target ${record.instanceId} --region ${record.spec.region}`
      : undefined,
  };
}

function passwordReadyAt(data: FakeData, record: LaunchRecord): number {
  const at = data.windowsPasswordReadyAt?.[record.id];
  return at ? Date.parse(at) : Date.parse(record.createdAt) + 4 * 60_000;
}

/** The connect files as the backend would build them. */
function connectFileOf(info: ConnectInfo, record: LaunchRecord, kind: ConnectFileKind): ConnectFile {
  const name = record.spec.name;
  switch (kind) {
    case 'sh': {
      const push =
        info.keySource === 'instance-connect'
          ? `aws ec2-instance-connect send-ssh-public-key --instance-id ${record.instanceId} --instance-os-user ${info.user} --ssh-public-key "file://$tmpdir/key.pub"\n`
          : '';
      return {
        fileName: `${name}.sh`,
        mimeType: 'text/x-shellscript',
        content: `#!/usr/bin/env bash\n# Connects to ${name} (${record.instanceId}).\n${push}exec ${info.sshCommand}\n`,
      };
    }
    case 'ps1':
      return {
        fileName: `${name}.ps1`,
        mimeType: 'text/plain',
        content: `# Connects to ${name} (${record.instanceId}) with Windows OpenSSH.\n& ${info.sshCommand}\n`,
      };
    case 'ssh-config':
      return {
        fileName: `${name}.ssh-config`,
        mimeType: 'text/plain',
        content: `Host ${name}\n  HostName ${info.host}\n  Port ${info.port}\n  User ${info.user}\n${info.keyPath ? `  IdentityFile ${info.keyPath}\n` : ''}  UserKnownHostsFile ${info.knownHostsPath}\n  StrictHostKeyChecking yes\n`,
      };
    case 'known-hosts':
      return {
        fileName: `${name}.known_hosts`,
        mimeType: 'text/plain',
        content: info
          .hostKeys!.keys.map(
            (k) => `${info.port === 22 ? info.host : `[${info.host}]:${info.port}`} ${k.type} ${k.key}\n`,
          )
          .join(''),
      };
    case 'rdp':
      return {
        fileName: `${name}.rdp`,
        mimeType: 'application/x-rdp',
        content: `full address:s:${info.host}:${info.port}\r\nusername:s:Administrator\r\nprompt for credentials:i:1\r\n`,
      };
  }
}

/**
 * connect.* as the backend answers them; a terminal session behaves like a login shell: a banner and a prompt
 * after open, input echoed, `exit` ends it with a connect.closed event.
 */
export function connectHandlers(data: FakeData, emit: Emit): Pick<CommandHandlers, ConnectCommand> {
  const sessions = new Map<string, { line: string; prompt: string }>();
  let nextSession = 1;
  const findLaunch = (launchId: string) => data.launches.find((r) => r.id === launchId);
  const launchNotFound = (launchId: string) =>
    notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
  const sessionGone = () =>
    notFound('SessionClosed', 'This terminal session has ended.', 'Reconnect to open a new one.');
  const noHostKeys = (record: LaunchRecord) =>
    notFound(
      'NoHostKeys',
      `Kiln knows no verified SSH host key of ${record.spec.name}, so it does not connect.`,
      'The console output lists the host keys a few minutes after boot: refresh the Connect tab then.',
    );
  const noAddress = (record: LaunchRecord) =>
    notFound(
      'NoPublicAddress',
      `${record.spec.name} has no address your workstation can reach.`,
      'Attach an Elastic IP, or use Session Manager when the instance is a managed node.',
    );
  const later = (send: () => void) => void setTimeout(send, 0);
  const echo = (sessionId: string, data: string) => {
    const session = sessions.get(sessionId)!;
    let out = '';
    for (const char of data) {
      if (char !== '\r') {
        session.line += char;
        out += char;
        continue;
      }
      const line = session.line.trim();
      session.line = '';
      if (line === 'exit') {
        sessions.delete(sessionId);
        later(() => {
          emit('connect.output', { sessionId, data: `${out}\r\nlogout\r\n` });
          emit('connect.closed', { sessionId });
        });
        return;
      }
      out += `\r\n${session.prompt}`;
    }
    later(() => emit('connect.output', { sessionId, data: out }));
  };

  return {
    'connect.info': async ({ launchId }) => {
      const record = findLaunch(launchId);
      return record ? ok(connectInfoOf(data, record)) : launchNotFound(launchId);
    },
    'connect.setOptions': async ({ launchId, user, keyPath }) =>
      changeLaunch(data, launchId, (r) => {
        const options = { ...r.connect };
        if (user !== undefined) options.user = user ?? undefined;
        if (keyPath !== undefined) options.keyPath = keyPath ?? undefined;
        return { ...r, connect: options.user || options.keyPath ? options : undefined };
      }),
    'connect.file': async ({ launchId, kind }) => {
      const record = findLaunch(launchId);
      if (!record) return launchNotFound(launchId);
      const info = connectInfoOf(data, record);
      if (kind !== 'rdp' && !info.hostKeys) return noHostKeys(record);
      if (!info.host) return noAddress(record);
      return ok(connectFileOf(info, record, kind));
    },
    'connect.updateLoginRule': async ({ launchId }) =>
      changeLaunch(data, launchId, (r) => ({ ...r, operatorCidr: data.operatorCidr ?? '203.0.113.9/32' })),
    'connect.session.open': async ({ launchId }) => {
      const record = findLaunch(launchId);
      if (!record) return launchNotFound(launchId);
      const info = connectInfoOf(data, record);
      if (info.platform !== 'linux')
        return fail({
          code: 'NotLinux',
          message: 'The terminal in Kiln is for Linux instances.',
          remedy: 'Use the RDP file and the Administrator password.',
        });
      if (record.instanceState !== 'running') {
        return fail({
          code: 'InstanceNotRunning',
          message: `The instance is ${record.instanceState ?? 'not running'}.`,
          remedy: 'Start it, then connect.',
        });
      }
      if (!info.hostKeys) return noHostKeys(record);
      if (!info.host) return noAddress(record);
      const session: TerminalSession = {
        sessionId: `session-${nextSession++}`,
        launchId,
        keySource: info.keySource,
        hostKeySource: info.hostKeys.source,
        user: info.user,
        host: info.host,
      };
      const prompt = `[${info.user}@${record.spec.name} ~]$ `;
      sessions.set(session.sessionId, { line: '', prompt });
      later(() =>
        emit('connect.output', {
          sessionId: session.sessionId,
          data: `Last login: Wed Jan 15 10:05:00 2025\r\n${prompt}`,
        }),
      );
      return ok(session);
    },
    'connect.session.write': async ({ sessionId, data: input }) => {
      if (!sessions.has(sessionId)) return sessionGone();
      echo(sessionId, input);
      return ok({});
    },
    'connect.session.resize': async ({ sessionId }) => (sessions.has(sessionId) ? ok({}) : sessionGone()),
    'connect.session.close': async ({ sessionId }) => {
      sessions.delete(sessionId);
      return ok({});
    },
    'connect.windowsPassword': async ({ launchId, passphrase }) => {
      const record = findLaunch(launchId);
      if (!record) return launchNotFound(launchId);
      const info = connectInfoOf(data, record);
      if (info.platform !== 'windows')
        return fail({
          code: 'NotWindows',
          message: 'Only Windows instances have an Administrator password from EC2.',
          remedy: 'Use SSH to connect.',
        });
      if (Date.now() < passwordReadyAt(data, record)) return ok({ status: 'not-ready', launchedAt: record.createdAt });
      if (!info.keyPath) {
        return fail({
          code: 'NoKeyFile',
          message: "Kiln needs the private key of the instance's key pair to decrypt the password.",
          remedy: 'Set the key file on the Connect tab.',
        });
      }
      if (data.keyPassphrase && passphrase === undefined) {
        return fail({
          code: 'PassphraseRequired',
          message: `The key file ${info.keyPath} is protected by a passphrase.`,
          remedy: 'Type its passphrase.',
        });
      }
      if (data.keyPassphrase && passphrase !== data.keyPassphrase) {
        return fail({
          code: 'WrongPassphrase',
          message: `That is not the passphrase of ${info.keyPath}.`,
          remedy: 'Type it again.',
        });
      }
      return ok({ status: 'ready', user: info.user, password: FAKE_WINDOWS_PASSWORD });
    },
  };
}
