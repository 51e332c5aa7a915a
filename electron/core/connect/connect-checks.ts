/**
 * What will keep the operator out, said before they try: the instance's state, its address, the login port rule
 * for their current address, the key file (present, readable, the key pair's own), and the host keys.
 */
import { DescribeKeyPairsCommand, DescribeSecurityGroupsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { ConnectCheck, HostKeys } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { cidrsForPort } from '../doctor/connectivity-doctor';
import type { ProfileContext } from '../profiles/profile-context';
import { loadPrivateKey, normalizeFingerprint } from './key-file';
import { keyPairNameOf, type LoginTarget } from './login-target';

export async function connectChecks(
  context: ProfileContext,
  ec2: EC2Client,
  target: LoginTarget,
  hostKeys: HostKeys | undefined,
): Promise<ConnectCheck[]> {
  const [loginPort, keyFile] = await Promise.all([loginPortCheck(context, ec2, target), keyFileCheck(ec2, target)]);
  const checks = [stateCheck(target), addressCheck(target), loginPort, keyFile];
  if (target.platform === 'linux') checks.push(hostKeyCheck(hostKeys));
  return checks;
}

function stateCheck(target: LoginTarget): ConnectCheck {
  const state = target.instance.State?.Name ?? 'unknown';
  if (state === 'running') return { id: 'instance-state', ok: true, title: 'The instance is running' };
  return {
    id: 'instance-state',
    ok: false,
    title: `The instance is ${state}`,
    remedy: state === 'pending' ? 'Wait until it is running.' : 'Start it again in the EC2 console before connecting.',
  };
}

function addressCheck(target: LoginTarget): ConnectCheck {
  if (target.endpoint)
    return {
      id: 'public-ip',
      ok: true,
      title: 'The instance has an address you can reach',
      detail: `${target.endpoint.host}:${target.endpoint.port}`,
    };
  return {
    id: 'public-ip',
    ok: false,
    title: 'The instance has no public IP address',
    detail: 'SSH and RDP clients on your workstation cannot reach it.',
    remedy: 'Attach an Elastic IP, or use Session Manager when the instance is a managed node.',
  };
}

async function loginPortCheck(context: ProfileContext, ec2: EC2Client, target: LoginTarget): Promise<ConnectCheck> {
  const { record, standardPort } = target;
  const service = standardPort === 22 ? 'SSH' : 'RDP';
  if (!record.securityGroupId || record.securityGroupDeleted || record.loginPort === null) {
    return {
      id: 'login-port',
      ok: true,
      title: `${service} goes through your own security groups`,
      detail: 'Kiln does not manage their rules; check that they allow your address.',
    };
  }
  const [groups, operatorCidr] = await Promise.all([
    ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [record.securityGroupId] })).catch(() => undefined),
    context.operatorCidr().catch(() => undefined),
  ]);
  if (!groups || !operatorCidr) {
    return {
      id: 'login-port',
      ok: false,
      title: `Kiln could not check the ${service} rule`,
      detail: !groups ? 'The security group could not be read.' : 'Your public address is unknown.',
      remedy: 'Check the network connection, then refresh.',
    };
  }
  const allowed = cidrsForPort(groups.SecurityGroups?.[0]?.IpPermissions ?? [], standardPort);
  if (allowed.includes(operatorCidr) || allowed.includes('0.0.0.0/0')) {
    return {
      id: 'login-port',
      ok: true,
      title: `Port ${standardPort} (${service}) is open to your address`,
      detail: operatorCidr,
    };
  }
  return {
    id: 'login-port',
    ok: false,
    title: `Port ${standardPort} (${service}) is not open to your current address`,
    detail: `Your address is ${operatorCidr}; the rule allows ${allowed.join(', ') || 'nobody'}.`,
    remedy: 'Move the rule to your current address.',
    fix: 'update-login-rule',
  };
}

async function keyFileCheck(ec2: EC2Client, target: LoginTarget): Promise<ConnectCheck> {
  const windows = target.platform === 'windows';
  if (!target.keyPath) {
    return windows
      ? {
          id: 'key-file',
          ok: false,
          title: 'No private key file is set',
          detail: 'EC2 encrypts the Administrator password with the key pair; Kiln needs its private key to read it.',
          remedy: "Set the key pair's private key file below.",
        }
      : {
          id: 'key-file',
          ok: true,
          title: 'EC2 Instance Connect provides the key',
          detail: 'A one-time ed25519 key is made in memory and pushed for 60 seconds; nothing is written to disk.',
        };
  }
  try {
    const key = await loadPrivateKey(target.keyPath);
    if (windows && key.type !== 'ssh-rsa') {
      return {
        id: 'key-file',
        ok: false,
        title: 'The key is not an RSA key',
        detail: 'EC2 encrypts Windows passwords only with RSA key pairs.',
        remedy: 'Use the RSA key pair the instance was launched with.',
      };
    }
    return await fingerprintCheck(ec2, target, key.fingerprints);
  } catch (error) {
    if (!(error instanceof KilnFailure)) throw error;
    if (error.error.code === 'PassphraseRequired') {
      return {
        id: 'key-file',
        ok: true,
        title: 'The key file is protected by a passphrase',
        detail: windows
          ? 'Kiln asks for it when you get the password.'
          : "Kiln's terminal cannot ask for it: use the ssh command or scripts below (ssh asks), or ssh-agent.",
      };
    }
    return { id: 'key-file', ok: false, title: error.error.message, remedy: error.error.remedy };
  }
}

async function fingerprintCheck(ec2: EC2Client, target: LoginTarget, fingerprints: Set<string>): Promise<ConnectCheck> {
  const name = keyPairNameOf(target);
  const path = target.keyPath!;
  if (!name) return { id: 'key-file', ok: true, title: 'The key file can be read', detail: path };
  const pair = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] })).then(
    (out) => out.KeyPairs?.[0],
    () => undefined,
  );
  if (!pair?.KeyFingerprint) {
    return {
      id: 'key-file',
      ok: true,
      title: 'The key file can be read',
      detail: `${path}; the key pair ${name} is no longer in EC2, so it cannot be compared.`,
    };
  }
  if (fingerprints.has(normalizeFingerprint(pair.KeyFingerprint))) {
    return { id: 'key-file', ok: true, title: `The key file matches the key pair ${name}`, detail: path };
  }
  return {
    id: 'key-file',
    ok: false,
    title: `The key file does not match the key pair ${name}`,
    detail: `${path} is another key than the one EC2 knows as ${name} (fingerprint ${pair.KeyFingerprint}).`,
    remedy: 'Choose the private key file of that key pair.',
  };
}

function hostKeyCheck(hostKeys: HostKeys | undefined): ConnectCheck {
  if (!hostKeys) {
    return {
      id: 'host-keys',
      ok: false,
      title: 'No verified host keys',
      detail:
        'The agent did not report them and the console output does not list them (yet). Kiln will not connect to a host it cannot verify.',
      remedy: 'The console output lists them a few minutes after boot: refresh then.',
    };
  }
  const from =
    hostKeys.source === 'agent'
      ? 'reported by the agent over its pinned TLS channel'
      : 'read from the console output cloud-init printed';
  return {
    id: 'host-keys',
    ok: true,
    title: `${hostKeys.keys.length} host ${hostKeys.keys.length === 1 ? 'key' : 'keys'} verified`,
    detail: from,
  };
}
