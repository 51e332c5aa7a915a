/** The wizard's pure validation: the schema's messages per step, plus the checks that need catalog data. */
import { LaunchSpec, type ImageSummary } from '../../../electron/common/models';
import type { FieldErrors, FieldPath } from './field-errors';
import { isSpecField, STEP_FIELDS, type SpecField } from './step-definitions';
import { toSpecInput, wholeNumber, type NetworkForm, type WizardForm } from './wizard-form';

/** What the catalog knows that the schema cannot: the AMI's root size, the key pairs that exist. */
export interface StepContext {
  image?: ImageSummary;
  keyPairNames?: readonly string[];
  /** The region's VPCs, the chosen VPC's subnets and security groups, once loaded. */
  vpcIds?: readonly string[];
  subnetIds?: readonly string[];
  groupIds?: readonly string[];
  /** The latest measured user data size, when known. */
  /** `refusal` says why the script cannot be delivered at all (over the cap, or too large with a mirror). */
  userData?: { bytes: number; limitBytes: number; refusal?: string };
}

/** The checks that need catalog data: a root volume smaller than the AMI's, a key pair name already taken. */
export function validateWithCatalog(form: WizardForm, fields: readonly SpecField[], context: StepContext): FieldErrors {
  const errors: FieldErrors = {};
  const minimum = context.image?.rootVolumeSizeGiB;
  const size = Number(form.storage.sizeGiB);
  if (fields.includes('storage') && form.storage.sizeGiB.trim() !== '' && minimum !== undefined && size < minimum) {
    errors['storage.rootVolumeSizeGiB'] =
      `The AMI's root volume is ${minimum} GiB; choose ${minimum} GiB or more (not ${size}).`;
  }
  const { mode, name, type } = form.keyPair;
  if (
    fields.includes('keyPair') &&
    (mode === 'create' || mode === 'import') &&
    context.keyPairNames?.includes(name.trim())
  ) {
    errors['keyPair.name'] =
      `A key pair named "${name.trim()}" already exists in this region; choose another name or use it as an existing key pair.`;
  }
  // A saved choice (defaults, a preset) can name a key pair that was deleted since, e.g. with the launch that made it.
  if (
    fields.includes('keyPair') &&
    mode === 'existing' &&
    name.trim() &&
    context.keyPairNames &&
    !context.keyPairNames.includes(name.trim())
  ) {
    errors['keyPair.name'] =
      `The key pair "${name.trim()}" does not exist in this region (any more); choose another key pair, or none.`;
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
  if (fields.includes('dns') && form.dns.enabled && wholeNumber(form.advanced.count) > 1) {
    errors['dns.recordName'] =
      'A DNS name points at one instance; launch one instance with it, or turn the DNS name off for several.';
  }
  const userData = context.userData;
  // A script too large for user data goes to the artifact bucket; only over the cap (or with a mirror) blocks Next.
  if (fields.includes('installScript') && userData && (userData.refusal || userData.bytes > userData.limitBytes)) {
    errors.installScript =
      userData.refusal ??
      `The user data would be ${userData.bytes.toLocaleString('en-US')} bytes; EC2 accepts at most ${userData.limitBytes.toLocaleString('en-US')}. Shorten the script by ${(userData.bytes - userData.limitBytes).toLocaleString('en-US')} bytes, or have it download a larger one.`;
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
  const missing =
    network.securityGroupMode === 'existing'
      ? existingGroupIds.filter((id) => context.groupIds && !context.groupIds.includes(id))
      : [];
  if (missing.length > 0) {
    errors['network.existingGroupIds'] =
      `${missing.join(', ')} ${missing.length === 1 ? 'is not a security group' : 'are not security groups'} of the chosen VPC (any more); choose the groups again.`;
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

/** The errors of one step's fields: the schema's first, then those that need catalog data. */
export function validateStep(form: WizardForm, step: number, context: StepContext = {}): FieldErrors {
  const fields = STEP_FIELDS[step] ?? [];
  return { ...validateWithCatalog(form, fields, context), ...validateFields(form, fields) };
}
