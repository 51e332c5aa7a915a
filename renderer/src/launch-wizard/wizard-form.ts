/** The wizard's form state and how it becomes a spec: the form's shape, its defaults, `toSpecInput`. */
import type { LaunchSpecInput, UserTag, VolumeType } from '../../../electron/common/models';
import { toProbeInputs, type ProbeForm } from '../health/probe-form';
import { EXAMPLE_INSTALL_SCRIPT } from './example-install-script';

/** What the operator has chosen so far. The AMI is a quick-start tile unless an AMI id is typed. */
export interface WizardForm {
  profileId: string;
  region: string;
  quickStartImageId: string;
  customImageId: string;
  instanceType: string;
  name: string;
  installScript: string;
  tags: UserTag[];
  keyPair: KeyPairForm;
  storage: StorageForm;
  network: NetworkForm;
  advanced: AdvancedForm;
  /** Health probes (Advanced step), run once the instance is up. */
  probes: ProbeForm[];
  /** An A record for the instance in a Route 53 hosted zone (Advanced step). */
  dns: DnsForm;
}

/** The DNS name as typed; kept while turned off, so turning it on again brings it back. */
export interface DnsForm {
  enabled: boolean;
  hostedZoneId: string;
  recordName: string;
}

/** The Advanced step as typed: numbers stay text until they become the spec. */
export interface AdvancedForm {
  imdsv2Required: boolean;
  instanceProfile: string;
  shutdownBehavior: 'stop' | 'terminate';
  terminationProtection: boolean;
  count: string;
  autoTerminate: boolean;
  autoTerminateAfterHours: string;
}

/** Every key pair field the modes use; `toSpecInput` keeps the ones of the chosen mode. */
export interface KeyPairForm {
  mode: 'none' | 'existing' | 'create' | 'import';
  name: string;
  type: 'rsa' | 'ed25519';
  savePath: string;
  publicKey: string;
}

export interface StorageForm {
  /** As typed; empty keeps the AMI's size. */
  sizeGiB: string;
  volumeType: VolumeType;
  encrypted: boolean;
}

export interface NetworkForm {
  /** Empty: the region's default VPC. */
  vpcId: string;
  /** Empty: Kiln picks the default subnet of the first zone. */
  subnetId: string;
  publicIp: 'subnet' | 'enable' | 'disable';
  securityGroupMode: 'kiln' | 'existing';
  existingGroupIds: string[];
  source: 'my-ip' | 'cidr';
  cidr: string;
  confirmOpenToInternet: boolean;
}

export const INITIAL_FORM: WizardForm = {
  profileId: '',
  region: '',
  quickStartImageId: '',
  customImageId: '',
  instanceType: '',
  name: '',
  installScript: EXAMPLE_INSTALL_SCRIPT,
  tags: [],
  keyPair: { mode: 'none', name: '', type: 'ed25519', savePath: '', publicKey: '' },
  storage: { sizeGiB: '', volumeType: 'gp3', encrypted: true },
  network: {
    vpcId: '',
    subnetId: '',
    publicIp: 'subnet',
    securityGroupMode: 'kiln',
    existingGroupIds: [],
    source: 'my-ip',
    cidr: '',
    confirmOpenToInternet: false,
  },
  advanced: {
    imdsv2Required: true,
    instanceProfile: '',
    shutdownBehavior: 'stop',
    terminationProtection: false,
    count: '1',
    autoTerminate: false,
    autoTerminateAfterHours: '4',
  },
  probes: [],
  dns: { enabled: false, hostedZoneId: '', recordName: '' },
};

/** The AMI that will be launched: a typed AMI id wins over the selected tile. */
export function effectiveImageId(form: WizardForm): string {
  return form.customImageId.trim() || form.quickStartImageId;
}

/** The spec as launch.start and launch.preview receive it. */
export function toSpecInput(form: WizardForm): LaunchSpecInput {
  return {
    profileId: form.profileId,
    region: form.region,
    name: form.name,
    imageId: effectiveImageId(form),
    instanceType: form.instanceType,
    installScript: form.installScript,
    tags: form.tags,
    keyPair: keyPairInput(form.keyPair),
    storage: {
      rootVolumeSizeGiB: form.storage.sizeGiB.trim() === '' ? undefined : Number(form.storage.sizeGiB),
      volumeType: form.storage.volumeType,
      encrypted: form.storage.encrypted,
    },
    network: form.network,
    advanced: advancedInput(form.advanced),
    ...(form.probes.length > 0 ? { probes: toProbeInputs(form.probes) } : {}),
    ...(form.dns.enabled ? { dns: { hostedZoneId: form.dns.hostedZoneId, recordName: form.dns.recordName } } : {}),
  };
}

function advancedInput(advanced: AdvancedForm): LaunchSpecInput['advanced'] {
  return {
    imdsv2Required: advanced.imdsv2Required,
    instanceProfile: advanced.instanceProfile,
    shutdownBehavior: advanced.shutdownBehavior,
    terminationProtection: advanced.terminationProtection,
    count: wholeNumber(advanced.count),
    autoTerminateAfterHours: advanced.autoTerminate ? wholeNumber(advanced.autoTerminateAfterHours) : undefined,
  };
}

/** Typed digits as a number; anything else as a fraction, which the schema refuses as "a whole number". */
export function wholeNumber(text: string): number {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : 0.5;
}

function keyPairInput(keyPair: KeyPairForm): LaunchSpecInput['keyPair'] {
  switch (keyPair.mode) {
    case 'none':
      return { mode: 'none' };
    case 'existing':
      return { mode: 'existing', name: keyPair.name };
    case 'create':
      return { mode: 'create', name: keyPair.name, type: keyPair.type, savePath: keyPair.savePath };
    case 'import':
      return { mode: 'import', name: keyPair.name, publicKey: keyPair.publicKey };
  }
}
