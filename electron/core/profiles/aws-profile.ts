/** Named profiles from the AWS shared config and credentials files, resolved by the SDK's own provider chain. */
import { readFile } from 'node:fs/promises';
import type { ProfileContext } from './profile-context';

export interface SharedConfigPaths {
  configFile: string;
  credentialsFile: string;
}

/** Profile names from the shared files (`[profile x]` in config, `[x]` in credentials), in file order. */
export async function listSharedProfileNames(paths: SharedConfigPaths): Promise<string[]> {
  const names = new Set<string>();
  for (const [file, prefixed] of [
    [paths.configFile, true],
    [paths.credentialsFile, false],
  ] as const) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const match of text.matchAll(/^\s*\[([^\]]+)\]\s*$/gm)) {
      const section = match[1]!.trim();
      if (prefixed && section !== 'default' && !section.startsWith('profile ')) continue;
      names.add(section.replace(/^profile\s+/, ''));
    }
  }
  return [...names];
}

export function createAwsProfile(
  name: string,
  deps: { defaultRegion?: string; detectOperatorIp: () => Promise<string> },
): ProfileContext {
  return {
    profile: { id: `aws:${name}`, label: name, kind: 'aws', available: true, defaultRegion: deps.defaultRegion },
    clientConfig: (region) => ({ region, profile: name, maxAttempts: 5, retryMode: 'adaptive' }),
    agentAddress: ({ publicIp }) => publicIp,
    operatorCidr: async () => `${await deps.detectOperatorIp()}/32`,
  };
}

/** Finds the workstation's public address the way Packer does. */
export async function detectOperatorIpViaCheckip(fetchImpl: typeof fetch = fetch): Promise<string> {
  const response = await fetchImpl('https://checkip.amazonaws.com', { signal: AbortSignal.timeout(5_000) });
  const text = (await response.text()).trim();
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) throw new Error(`checkip answered "${text.slice(0, 40)}"`);
  return text;
}

/** All named profiles of the shared files as profile contexts. */
export async function loadAwsProfiles(options: SharedConfigPaths & { defaultRegion?: string }): Promise<ProfileContext[]> {
  const names = await listSharedProfileNames(options);
  return names.map((name) =>
    createAwsProfile(name, { defaultRegion: options.defaultRegion, detectOperatorIp: () => detectOperatorIpViaCheckip() }),
  );
}
