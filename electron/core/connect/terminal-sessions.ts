/**
 * Interactive SSH sessions for the terminal in Kiln, over ssh2. A session connects only to a server that presents
 * one of the launch's pinned host keys (the algorithms offered are limited to those keys' types, so a server with
 * several keys presents a pinned one); anything else ends the attempt before authentication. Output is coalesced
 * into one event per few milliseconds and decoded as a UTF-8 stream.
 */
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { KilnError } from '../../common/result';
import { KilnFailure } from '../../common/result';
import type { SshHostKey } from '../../common/models';
import { hostKeyMatches, sshFingerprint } from './host-keys';
import { sshKeyType } from './key-file';

export interface SessionTarget {
  launchId: string;
  host: string;
  port: number;
  user: string;
  /** Private key for ssh2 (PEM or OpenSSH) and its passphrase, held in memory for the connect only. */
  privateKey: string;
  passphrase?: string;
  hostKeys: readonly SshHostKey[];
  cols: number;
  rows: number;
}

export interface TerminalSessionsDeps {
  onOutput: (sessionId: string, data: string) => void;
  onClosed: (sessionId: string, error?: KilnError) => void;
  /** How long output is gathered before it is sent; default 8 ms. */
  flushMs?: number;
  readyTimeoutMs?: number;
}

export interface TerminalSessions {
  /** Connects, authenticates, opens a shell; resolves with the session id once the shell is open. */
  open(target: SessionTarget): Promise<string>;
  write(sessionId: string, data: string): void;
  resize(sessionId: string, cols: number, rows: number): void;
  close(sessionId: string): void;
  /** Ids of the open sessions of a launch. */
  ofLaunch(launchId: string): string[];
  dispose(): void;
}

interface Session {
  launchId: string;
  client: Client;
  channel: ClientChannel;
}

/** ssh2's names of the host key algorithms that present a key of each type. */
const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

export function createTerminalSessions(deps: TerminalSessionsDeps): TerminalSessions {
  const sessions = new Map<string, Session>();
  const flushMs = deps.flushMs ?? 8;

  function open(target: SessionTarget): Promise<string> {
    const algorithms = [...new Set(target.hostKeys.flatMap((key) => HOST_KEY_ALGORITHMS[key.type] ?? []))];
    if (algorithms.length === 0) {
      return Promise.reject(
        new KilnFailure({
          code: 'NoHostKeys',
          message: 'Kiln knows no verified SSH host key of this instance, so it does not connect.',
          remedy:
            'Host keys come from the agent while the install runs, or from the console output cloud-init prints: refresh the Connect tab once the console output is available.',
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const client = new Client();
      let presented: Buffer | undefined;
      let settled = false;
      const fail = (error: KilnFailure) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };
      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey: target.privateKey,
        passphrase: target.passphrase,
        readyTimeout: deps.readyTimeoutMs ?? 20_000,
        keepaliveInterval: 15_000,
        algorithms: { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
        hostVerifier: (key: Buffer) => {
          presented = key;
          return hostKeyMatches([...target.hostKeys], key) !== undefined;
        },
      };
      client.once('ready', () => {
        client.shell({ term: 'xterm-256color', cols: target.cols, rows: target.rows }, (error, channel) => {
          if (error)
            return fail(
              new KilnFailure({
                code: 'ShellRefused',
                message: `The instance refused a shell: ${error.message}.`,
                remedy: 'Check the login user, then reconnect.',
              }),
            );
          settled = true;
          const sessionId = randomUUID();
          sessions.set(sessionId, { launchId: target.launchId, client, channel });
          pipeOutput(sessionId, channel);
          resolve(sessionId);
        });
      });
      client.on('error', (error: Error & { level?: string }) => {
        if (!settled) return fail(connectFailure(error, target, presented));
      });
      // ssh2 ends without an error when the server closes the connection before the handshake is done.
      client.once('close', () =>
        fail(
          new KilnFailure({
            code: 'SshClosed',
            message: `${target.host}:${target.port} closed the connection before the login finished.`,
            remedy:
              'Reconnect; if it happens again, check that sshd runs on the instance and the security group allows your address.',
          }),
        ),
      );
      client.connect(config);
    });
  }

  function pipeOutput(sessionId: string, channel: ClientChannel): void {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (pending) deps.onOutput(sessionId, pending);
      pending = '';
    };
    const receive = (chunk: Buffer) => {
      pending += decoder.write(chunk);
      timer ??= setTimeout(flush, flushMs);
    };
    channel.on('data', receive);
    channel.stderr.on('data', receive);
    channel.once('close', () => {
      clearTimeout(timer);
      pending += decoder.end();
      flush();
      const session = sessions.get(sessionId);
      sessions.delete(sessionId);
      session?.client.end();
      deps.onClosed(sessionId);
    });
  }

  function session(sessionId: string): Session {
    const found = sessions.get(sessionId);
    if (!found) {
      throw new KilnFailure({
        code: 'SessionClosed',
        message: 'This terminal session has ended.',
        remedy: 'Reconnect to open a new one.',
      });
    }
    return found;
  }

  return {
    open,
    write: (sessionId, data) => void session(sessionId).channel.write(data),
    resize: (sessionId, cols, rows) => void session(sessionId).channel.setWindow(rows, cols, 0, 0),
    close(sessionId) {
      const found = sessions.get(sessionId);
      if (!found) return;
      found.channel.close();
      found.client.end();
    },
    ofLaunch: (launchId) => [...sessions].filter(([, s]) => s.launchId === launchId).map(([id]) => id),
    dispose() {
      for (const { client } of sessions.values()) client.end();
      sessions.clear();
    },
  };
}

/** What went wrong while connecting, in the operator's words. */
function connectFailure(
  error: Error & { level?: string; code?: string },
  target: SessionTarget,
  presented: Buffer | undefined,
): KilnFailure {
  const where = `${target.host}:${target.port}`;
  if (presented && !hostKeyMatches([...target.hostKeys], presented)) {
    return new KilnFailure({
      code: 'HostKeyMismatch',
      message: `${where} presented an SSH host key (${describeKey(presented)}) that is not one of this instance's verified host keys. Kiln did not connect and sent no credentials.`,
      remedy:
        "Someone may be intercepting the connection, or the instance's host keys were regenerated. Check the instance (its console output lists its keys) before connecting another way.",
    });
  }
  if (error.level === 'client-authentication') {
    return new KilnFailure({
      code: 'SshAuthenticationFailed',
      message: `The instance refused the key for user "${target.user}".`,
      remedy:
        "Check the login user and the key file on the Connect tab (the key must be the one of the launch's key pair).",
    });
  }
  if (error.code === 'ECONNREFUSED') {
    return new KilnFailure({
      code: 'SshRefused',
      message: `Nothing accepts SSH connections at ${where}.`,
      remedy: 'Wait until the instance has booted, and check that sshd runs on it.',
    });
  }
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT' || error.code === 'EHOSTUNREACH') {
    return new KilnFailure({
      code: 'SshUnreachable',
      message: `${where} does not answer on port ${target.port}.`,
      remedy:
        'Check that the security group allows SSH from your current address (the checks above say), and that the instance has a public IP.',
    });
  }
  return new KilnFailure({
    code: 'SshFailed',
    message: `The SSH connection to ${where} failed: ${error.message}.`,
    remedy: 'Reconnect; if it fails again, use the connectivity checks above.',
  });
}

function describeKey(blob: Buffer): string {
  return `${sshKeyType(blob)} ${sshFingerprint(blob.toString('base64'))}`;
}
