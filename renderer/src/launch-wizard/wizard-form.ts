/** The wizard's form state and its pure rules: defaults, which step owns which field, validation. */
import { LaunchSpec, type ImageSummary, type LaunchSpecInput, type UserTag, type VolumeType } from '../../../electron/common/models';
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

/** The LaunchSpec fields the wizard collects (agentPort is left to its default). */
export type SpecField =
  | 'profileId'
  | 'region'
  | 'imageId'
  | 'instanceType'
  | 'name'
  | 'installScript'
  | 'tags'
  | 'keyPair'
  | 'storage'
  | 'network'
  | 'advanced';
/** Keyed by the schema path: a field ("name") or a part of one ("keyPair.name", "tags.2.key"). */
export type FieldPath = SpecField | `${SpecField}.${string}`;
export type FieldErrors = Partial<Record<FieldPath, string>>;

/** What the catalog knows that the schema cannot: the AMI's root size, the key pairs that exist. */
export interface StepContext {
  image?: ImageSummary;
  keyPairNames?: readonly string[];
  /** The region's VPCs, the chosen VPC's subnets and security groups, once loaded. */
  vpcIds?: readonly string[];
  subnetIds?: readonly string[];
  groupIds?: readonly string[];
  /** The latest measured user data size, when known; `refusal` says why the script cannot be delivered at all. */
  userData?: { bytes: number; limitBytes: number; refusal?: string };
}

/** The wizard's steps in order, one concern each, and the spec fields each one owns. */
export const STEPS = [
  { id: 'profile-region', title: 'Profile and region', fields: ['profileId', 'region'] },
  { id: 'name-tags', title: 'Name and tags', fields: ['name', 'tags'] },
  { id: 'ami', title: 'AMI', fields: ['imageId'] },
  { id: 'instance-type', title: 'Instance type', fields: ['instanceType'] },
  { id: 'key-pair', title: 'Key pair', fields: ['keyPair'] },
  { id: 'network', title: 'Network', fields: ['network'] },
  { id: 'storage', title: 'Storage', fields: ['storage'] },
  { id: 'install-script', title: 'Install script', fields: ['installScript'] },
  { id: 'advanced', title: 'Advanced', fields: ['advanced'] },
  { id: 'review', title: 'Review', fields: [] },
] as const satisfies readonly { id: string; title: string; fields: readonly SpecField[] }[];
export type StepId = (typeof STEPS)[number]['id'];

export const STEP_TITLES: readonly string[] = STEPS.map((step) => step.title);
export const STEP_FIELDS: readonly (readonly SpecField[])[] = STEPS.map((step) => step.fields);
/** The index of a step by its id. */
export const stepIndex = (id: StepId): number => STEPS.findIndex((step) => step.id === id);
export const REVIEW_STEP = stepIndex('review');

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
function wholeNumber(text: string): number {
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

/** The checks that need catalog data: a root volume smaller than the AMI's, a key pair name already taken. */
export function validateWithCatalog(form: WizardForm, fields: readonly SpecField[], context: StepContext): FieldErrors {
  const errors: FieldErrors = {};
  const minimum = context.image?.rootVolumeSizeGiB;
  const size = Number(form.storage.sizeGiB);
  if (fields.includes('storage') && form.storage.sizeGiB.trim() !== '' && minimum !== undefined && size < minimum) {
    errors['storage.rootVolumeSizeGiB'] = `The AMI's root volume is ${minimum} GiB; choose ${minimum} GiB or more (not ${size}).`;
  }
  const { mode, name, type } = form.keyPair;
  if (fields.includes('keyPair') && (mode === 'create' || mode === 'import') && context.keyPairNames?.includes(name.trim())) {
    errors['keyPair.name'] = `A key pair named "${name.trim()}" already exists in this region; choose another name or use it as an existing key pair.`;
  }
  // A saved choice (defaults, a preset) can name a key pair that was deleted since, e.g. with the launch that made it.
  if (fields.includes('keyPair') && mode === 'existing' && name.trim() && context.keyPairNames && !context.keyPairNames.includes(name.trim())) {
    errors['keyPair.name'] = `The key pair "${name.trim()}" does not exist in this region (any more); choose another key pair, or none.`;
  }
  if (fields.includes('keyPair') && mode === 'create' && type !== 'rsa' && context.image?.platform === 'windows') {
    errors['keyPair.type'] = 'Windows AMIs need an RSA key pair.';
  }
  if (fields.includes('network')) Object.assign(errors, networkNotInCatalog(form.network, context));
  const { terminationProtection, autoTerminate } = form.advanced;
  if (fields.includes('advanced') && terminationProtection && autoTerminate) {
    errors['advanced.terminationProtection'] =
      'Termination protection would stop Kiln from terminating the instance when its timer ends; turn one of them off.';
  }
  if (fields.includes('advanced') && (mode === 'create' || mode === 'import') && wholeNumber(form.advanced.count) > 1) {
    errors['advanced.count'] =
      'A new or imported key pair is made for one launch only; for several instances choose an existing key pair or none.';
  }
  const userData = context.userData;
  // A script too large for user data goes to the artifact bucket; only over the cap (or with a mirror) blocks Next.
  if (fields.includes('installScript') && userData && (userData.refusal || userData.bytes > userData.limitBytes)) {
    errors.installScript = userData.refusal ?? `The user data would be ${userData.bytes.toLocaleString('en-US')} bytes; EC2 accepts at most ${userData.limitBytes.toLocaleString('en-US')}. Shorten the script by ${(userData.bytes - userData.limitBytes).toLocaleString('en-US')} bytes, or have it download a larger one.`;
  }
  return errors;
}

/**
 * A VPC, subnet or security group the loaded lists do not hold: chosen for another profile or region, or saved
 * (defaults, a preset) and deleted since. Empty ids mean the defaults and are always fine.
 */
function networkNotInCatalog(network: NetworkForm, context: StepContext): FieldErrors {
  const errors: FieldErrors = {};
  const { vpcId, subnetId, existingGroupIds } = network;
  if (vpcId && context.vpcIds && !context.vpcIds.includes(vpcId)) {
    errors['network.vpcId'] = `The VPC ${vpcId} is not in this account and region (any more); choose a VPC.`;
    return errors;
  }
  if (subnetId && context.subnetIds && !context.subnetIds.includes(subnetId)) {
    errors['network.subnetId'] = `The subnet ${subnetId} is not in the chosen VPC (any more); choose a subnet.`;
  }
  const missing = network.securityGroupMode === 'existing' ? existingGroupIds.filter((id) => context.groupIds && !context.groupIds.includes(id)) : [];
  if (missing.length > 0) {
    errors['network.existingGroupIds'] = `${missing.join(', ')} ${missing.length === 1 ? 'is not a security group' : 'are not security groups'} of the chosen VPC (any more); choose the groups again.`;
  }
  return errors;
}

/** Field messages from the LaunchSpec schema for the fields of the given steps (first message per field). */
export function validateFields(form: WizardForm, fields: readonly SpecField[]): FieldErrors {
  const parsed = LaunchSpec.safeParse(toSpecInput(form));
  const errors: FieldErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (!isSpecField(field) || !fields.includes(field)) continue;
    const key = issue.path.map(String).join('.') as FieldPath;
    if (errors[key] === undefined) errors[key] = issue.message;
  }
  return errors;
}

export function validateStep(form: WizardForm, step: number, context: StepContext = {}): FieldErrors {
  const fields = STEP_FIELDS[step] ?? [];
  return { ...validateWithCatalog(form, fields, context), ...validateFields(form, fields) };
}

/** The step that holds a spec field, or undefined. */
export function stepOfField(field: SpecField): number | undefined {
  const index = STEP_FIELDS.findIndex((fields) => fields.includes(field));
  return index >= 0 ? index : undefined;
}

/** Maps a backend error's `field` ("name", "spec.name", "spec.imageId"…) to the wizard field it is about. */
export function specFieldOf(field: string | undefined): SpecField | undefined {
  if (!field) return undefined;
  const name = field.replace(/^spec\./, '').split('.')[0];
  return isSpecField(name) ? name : undefined;
}

function isSpecField(value: unknown): value is SpecField {
  return STEP_FIELDS.some((fields) => (fields as readonly unknown[]).includes(value));
}

/** The error key a backend error's `field` ("spec.keyPair.name") belongs to. */
export function fieldPathOf(field: string | undefined): FieldPath | undefined {
  if (!specFieldOf(field)) return undefined;
  return field!.replace(/^spec\./, '') as FieldPath;
}

/** The first error about a field or any part of it. */
export function errorUnder(errors: FieldErrors, prefix: FieldPath): string | undefined {
  for (const [key, message] of Object.entries(errors)) {
    if (message !== undefined && (key === prefix || key.startsWith(`${prefix}.`))) return message;
  }
  return undefined;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
