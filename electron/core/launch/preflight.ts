/** Everything checked before a launch creates anything in AWS. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  HDD_VOLUME_TYPES,
  launchChoices,
  needsOpenConfirmation,
  openRangeWording,
  parseCidr,
  type ImageSummary,
  type LaunchChoices,
  type LaunchDnsRecord,
  type LaunchSpec,
  type ScriptDelivery,
} from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClients } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import { checkKeyPairChoice } from '../keypairs/key-pairs';
import type { ProfileContext } from '../profiles/profile-context';
import { loginPortOf, runInstancesInput } from './launch-resources';
import { createAgentCertificate } from '../agent-link/agent-certificate';
import { dryRunLaunch } from './dry-run';
import { checkLaunchDns } from './launch-dns-check';
import { dnsTagValue } from '../dns/dns-name';
import { resolveLaunchNetwork, type LaunchNetwork } from './launch-network';
import { assertScriptDeliverable, chooseScriptDelivery } from './script-delivery';
import {
  AGENT_URL_BUDGET,
  renderUserData,
  SCRIPT_URL_BUDGET,
  type BootstrapTemplates,
  type BootstrapValues,
  type RenderedUserData,
} from './user-data';

export interface PreflightResult {
  image: ImageSummary;
  network: LaunchNetwork;
  /** SSH or RDP for Kiln's group to open; undefined when the operator's existing groups handle logins. */
  loginPort?: number;
  /** Where the security group rules open the agent port and SSH from (My IP /32, or the CIDR the user typed). */
  operatorCidr: string;
  accountId: string;
  /** The root volume to ask for, or undefined to keep the AMI's. */
  rootVolume?: { deviceName: string; sizeGiB?: number; volumeType: string; encrypted: boolean };
  /** Whether the install script goes inline in user data or through the artifact bucket. */
  scriptDelivery: Exclude<ScriptDelivery, { mode: 'refused' }>;
  /** The launch's A record as it starts (zone checked, name free), when the spec asks for a DNS name. */
  dns?: LaunchDnsRecord;
}

/** The root volume mapping, refused when it is smaller than the AMI's snapshot or of a type that cannot boot. */
export function planRootVolume(image: ImageSummary, storage: LaunchChoices['storage']): PreflightResult['rootVolume'] {
  if (HDD_VOLUME_TYPES.includes(storage.volumeType)) {
    throw new KilnFailure({
      code: 'InvalidVolumeType',
      message: `${storage.volumeType} (HDD) volumes cannot be root volumes.`,
      remedy: 'Choose gp3, gp2, io1 or io2.',
      field: 'storage.volumeType',
    });
  }
  const minimum = image.rootVolumeSizeGiB;
  if (storage.rootVolumeSizeGiB !== undefined && minimum !== undefined && storage.rootVolumeSizeGiB < minimum) {
    throw new KilnFailure({
      code: 'VolumeTooSmall',
      message: `The root volume would be ${storage.rootVolumeSizeGiB} GiB, but ${image.name} needs at least ${minimum} GiB.`,
      remedy: `Choose ${minimum} GiB or more.`,
      field: 'storage.rootVolumeSizeGiB',
    });
  }
  if (!image.rootDeviceName) return undefined;
  return {
    deviceName: image.rootDeviceName,
    sizeGiB: storage.rootVolumeSizeGiB ?? minimum,
    volumeType: storage.volumeType,
    encrypted: storage.encrypted,
  };
}

/** The rule source: the operator's /32, or the typed CIDR (one wider than /32 only when confirmed). */
export async function sourceCidr(
  network: LaunchChoices['network'],
  operatorCidr: () => Promise<string>,
): Promise<string> {
  if (network.source === 'my-ip') return operatorCidr();
  const parsed = parseCidr(network.cidr);
  if (!parsed) {
    throw new KilnFailure({
      code: 'InvalidCidr',
      message: `${network.cidr || 'The source'} is not an IPv4 CIDR.`,
      remedy: 'Type a CIDR such as 203.0.113.7/32, or use My IP.',
      field: 'network.cidr',
    });
  }
  if (needsOpenConfirmation(parsed.prefix) && !network.confirmOpenToInternet) {
    throw new KilnFailure({
      code: 'WideCidrNotConfirmed',
      message: `${network.cidr} would open the agent port and SSH to ${openRangeWording(parsed.prefix)}.`,
      remedy: 'Confirm that you mean it, or use My IP.',
      field: 'network.confirmOpenToInternet',
    });
  }
  return network.cidr.trim();
}

const PLACEHOLDER_SHA = '0'.repeat(64);
const SAMPLE_TOKEN_SHA = 'f'.repeat(64);
const SAMPLE_NODE_SHA = 'e'.repeat(64);
const SAMPLE_SCRIPT_SHA = 'd'.repeat(64);
/** Room for the Node.js download URL (nodejs.org's are about 70 characters; a mirror's may be longer). */
export const NODE_URL_BUDGET = `https://${'x'.repeat(248)}`;

/** Bootstrap values of the longest expected size, with sample secrets: enough to measure and to preview user data. */
export function estimateValues(spec: LaunchSpec): BootstrapValues {
  // A real certificate of the same shape: P-256 keys and certificates have a near-constant size.
  const sample = createAgentCertificate({
    commonName: 'kiln-agent 00000000-0000-0000-0000-000000000000',
    altNames: ['127.0.0.1', 'localhost'],
    notBefore: new Date(0),
    validDays: 825,
  });
  return {
    tlsCertPem: sample.certPem,
    tlsKeyPem: sample.keyPem,
    launchId: '00000000-0000-0000-0000-000000000000',
    agentPort: spec.agentPort,
    agentUrl: AGENT_URL_BUDGET,
    agentSha256: PLACEHOLDER_SHA,
    tokenSha256: SAMPLE_TOKEN_SHA,
    nodeTarballUrl: NODE_URL_BUDGET,
    nodeTarballSha256: SAMPLE_NODE_SHA,
    installScript: spec.installScript,
  };
}

export interface UserDataPlan {
  delivery: ScriptDelivery;
  /** The user data as it would be sent (with the script inline, or with its download URL), longest values. */
  estimate: RenderedUserData;
  /** The values `estimate` was rendered from (sample secrets), for the preview's redaction. */
  values: BootstrapValues;
}

/**
 * How the script travels and the user data that makes, measured with the longest expected values. `canUpload` is
 * false with a mirror: then only inline is possible.
 */
export function planUserData(
  templates: BootstrapTemplates,
  spec: LaunchSpec,
  platform: ImageSummary['platform'],
  canUpload: boolean,
): UserDataPlan {
  const values = estimateValues(spec);
  const inline = renderUserData(platform, templates, values);
  const delivery = chooseScriptDelivery({
    inlineBytes: inline.bytes,
    limitBytes: inline.limitBytes,
    scriptBytes: Buffer.byteLength(spec.installScript, 'utf8'),
    canUpload,
  });
  if (delivery.mode !== 'artifact') return { delivery, estimate: inline, values };
  const artifactValues = { ...values, installScriptUrl: SCRIPT_URL_BUDGET, installScriptSha256: SAMPLE_SCRIPT_SHA };
  return { delivery, estimate: renderUserData(platform, templates, artifactValues), values: artifactValues };
}

export function assertUserDataFits(rendered: RenderedUserData): void {
  if (rendered.fits) return;
  const fmt = new Intl.NumberFormat('en-US');
  throw new KilnFailure({
    code: 'UserDataTooLarge',
    message: `The user data would be ${fmt.format(rendered.bytes)} bytes; EC2 accepts at most ${fmt.format(rendered.limitBytes)}.`,
    remedy: `Shorten the install script by at least ${fmt.format(rendered.bytes - rendered.limitBytes)} bytes, or have it download a larger script.`,
    field: 'installScript',
  });
}

/** The AMI, and an instance type offered in the region for its architecture. */
async function checkImageAndType(context: ProfileContext, catalog: Catalog, spec: LaunchSpec): Promise<ImageSummary> {
  const image = await catalog.describeImage(context, spec.region, spec.imageId);
  const types = await catalog.instanceTypes(context, spec.region, image.architecture);
  if (!types.some((t) => t.instanceType === spec.instanceType)) {
    throw new KilnFailure({
      code: 'InstanceTypeNotOffered',
      message: `${spec.instanceType} is not offered in ${spec.region} for ${image.architecture} AMIs.`,
      remedy: `Pick an instance type from the list; it only shows types that run ${image.architecture} here.`,
      field: 'instanceType',
    });
  }
  return image;
}

export async function preflight(
  context: ProfileContext,
  clients: AwsClients,
  catalog: Catalog,
  spec: LaunchSpec,
  templates: BootstrapTemplates,
  /** False with an artifact mirror: Kiln uploads nothing, so the script must fit in user data. */
  canUpload = true,
): Promise<PreflightResult> {
  if (context.regions && !context.regions.includes(spec.region)) {
    throw new KilnFailure({
      code: 'RegionNotAvailable',
      message: `The profile ${context.profile.label} cannot launch in ${spec.region}.`,
      remedy: `Pick one of its regions: ${context.regions.join(', ')}.`,
      field: 'region',
    });
  }
  const image = await checkImageAndType(context, catalog, spec);
  const choices = launchChoices(spec);
  const rootVolume = planRootVolume(image, choices.storage);
  const plan = planUserData(templates, spec, image.platform, canUpload);
  const scriptDelivery = assertScriptDeliverable(plan.delivery);
  const estimate = plan.estimate;
  assertUserDataFits(estimate);
  await checkKeyPairChoice(context, clients.ec2, choices.keyPair, image.platform);
  const network = await resolveLaunchNetwork(context, clients.ec2, spec.region, choices.network);
  const operatorCidr = await sourceCidr(choices.network, () => context.operatorCidr()).catch((error: unknown) => {
    if (error instanceof KilnFailure) throw error;
    throw new KilnFailure({
      code: 'OperatorIpUnknown',
      message: `Kiln could not find your public IP address: ${error instanceof Error ? error.message : String(error)}.`,
      remedy: 'Check the network connection; https://checkip.amazonaws.com must be reachable.',
    });
  });
  const dns = spec.dns
    ? await checkLaunchDns(context, clients.route53, spec.dns, network.getsPublicIp, choices.tags.length, network.vpcId)
    : undefined;
  const identity = await awsCall(context, 'identify the account', () =>
    clients.sts.send(new GetCallerIdentityCommand({})),
  );
  // The real request, short of what does not exist yet: Kiln's group, and a key pair Kiln is about to import.
  const loginPort = choices.network.securityGroupMode === 'existing' ? undefined : loginPortOf(image.platform);
  const launchId = '00000000-0000-0000-0000-000000000000';
  await dryRunLaunch(context, clients, {
    runInstances: runInstancesInput({
      launchId,
      name: spec.name,
      imageId: spec.imageId,
      instanceType: spec.instanceType,
      network: { subnetId: network.subnetId, publicIp: network.publicIp, groupIds: network.existingGroupIds },
      userData: estimate.text,
      agentPort: spec.agentPort,
      keyName: choices.keyPair.mode === 'existing' ? choices.keyPair.name : undefined,
      rootVolume,
      tags: choices.tags,
      // The dry run then also checks the instance profile (iam:PassRole) and the other instance options.
      instanceOptions: choices.advanced,
      dnsTag: spec.dns && dnsTagValue(spec.dns.hostedZoneId, spec.dns.recordName),
    }),
    securityGroup: { launchId, name: spec.name, vpcId: network.vpcId, loginPort, tags: choices.tags },
    keyPair: choices.keyPair,
  });
  return {
    image,
    network,
    loginPort,
    operatorCidr,
    accountId: identity.Account ?? 'unknown',
    rootVolume,
    scriptDelivery,
    dns,
  };
}
