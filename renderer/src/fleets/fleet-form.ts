/**
 * The Create fleet form as the operator types it (numbers as text), and the pure rules that turn it into a FleetSpec:
 * field errors keyed by the spec's own paths (so the backend's refusals land on the same fields), and who may reach
 * the load balancer.
 */
import {
  FleetSpec,
  needsOpenConfirmation,
  openRangeWording,
  parseCidr,
  type FleetSpecInput,
} from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import type { StorageForm } from '../launch-wizard/wizard-form';

/** Who may reach the load balancer: the operator's address, a typed CIDR block, or everyone. */
export type FleetSource = 'my-ip' | 'cidr' | 'world';

export interface FleetForm {
  profileId: string;
  region: string;
  name: string;
  imageId: string;
  instanceType: string;
  keyName: string;
  /** The VPC whose subnets are offered; "" is the region's default VPC. */
  vpcId: string;
  subnetIds: string[];
  /** Existing groups of the VPC, attached beside the fleet's own. */
  securityGroupIds: string[];
  /** IAM instance profile name or ARN; "" for none. */
  instanceProfile: string;
  /** The root volume, as the wizard's Storage step has it (an empty size keeps the image's). */
  storage: StorageForm;
  instancePort: string;
  userData: string;
  min: string;
  desired: string;
  max: string;
  cpuScaling: boolean;
  cpuTarget: string;
  loadBalancer: boolean;
  healthCheckPath: string;
  /** "" checks on the instance port. */
  healthCheckPort: string;
  listenerPort: string;
  source: FleetSource;
  cidr: string;
  confirmOpen: boolean;
  dns: boolean;
  hostedZoneId: string;
  recordName: string;
}

/** The choices a launch or the wizard carries into the form (the rest keep the form's defaults). */
export type FleetChoices = Partial<
  Pick<
    FleetForm,
    | 'name'
    | 'instanceType'
    | 'keyName'
    | 'vpcId'
    | 'subnetIds'
    | 'securityGroupIds'
    | 'instanceProfile'
    | 'storage'
    | 'userData'
  >
>;

/** What opening the Create fleet page from an image, a launch or the wizard fills in. */
export interface FleetPrefill {
  profileId: string;
  region: string;
  /** "" when the origin has no image a fleet should run (a launch not saved as an AMI yet). */
  imageId: string;
  /** The image's name, for the notice that says where the form came from. */
  imageName?: string;
  /** Where the form came from, for the notice ("the launch web-1"); without it, the image. */
  source?: string;
  /** The launch the form came from: its Save as AMI is offered while the fleet has no image. */
  launchId?: string;
  /** What the operator must know about the prefill (what was left out, and why). */
  note?: string;
  choices?: FleetChoices;
}

export const DEFAULT_FLEET_STORAGE: StorageForm = { sizeGiB: '', volumeType: 'gp3', encrypted: true };

export function emptyFleetForm(prefill?: FleetPrefill): FleetForm {
  const choices = prefill?.choices ?? {};
  return {
    profileId: prefill?.profileId ?? '',
    region: prefill?.region ?? '',
    name: choices.name ?? '',
    imageId: prefill?.imageId ?? '',
    instanceType: choices.instanceType || 't3.micro',
    keyName: choices.keyName ?? '',
    vpcId: choices.vpcId ?? '',
    subnetIds: choices.subnetIds ?? [],
    securityGroupIds: choices.securityGroupIds ?? [],
    instanceProfile: choices.instanceProfile ?? '',
    storage: choices.storage ?? DEFAULT_FLEET_STORAGE,
    instancePort: '80',
    userData: choices.userData ?? '',
    min: '1',
    desired: '1',
    max: '3',
    cpuScaling: true,
    cpuTarget: '80',
    loadBalancer: true,
    healthCheckPath: '/ping',
    healthCheckPort: '',
    listenerPort: '80',
    source: 'my-ip',
    cidr: '',
    confirmOpen: false,
    dns: false,
    hostedZoneId: '',
    recordName: '',
  };
}

/** Field errors keyed by the spec's path (`capacity.desired`, `loadBalancer.allowedCidr`, `dns.recordName`…). */
export type FleetErrors = Record<string, string>;

/** A typed whole number, or NaN (which the schema then refuses). */
function whole(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The CIDR block the load balancer is opened to, from the source choice ("" while My IP is not known yet). */
export function allowedCidr(form: FleetForm, operatorCidr: string | undefined): string {
  if (form.source === 'world') return '0.0.0.0/0';
  if (form.source === 'my-ip') return operatorCidr ?? '';
  return form.cidr.trim();
}

/** What the chosen source opens the load balancer to, in words, when it is more than one address; else undefined. */
export function openWording(form: FleetForm, operatorCidr: string | undefined): string | undefined {
  if (form.source === 'my-ip') return undefined;
  const prefix = parseCidr(allowedCidr(form, operatorCidr))?.prefix;
  return prefix !== undefined && needsOpenConfirmation(prefix) ? openRangeWording(prefix) : undefined;
}

export function toFleetSpec(form: FleetForm, operatorCidr: string | undefined): FleetSpecInput {
  return {
    profileId: form.profileId,
    region: form.region,
    name: form.name,
    imageId: form.imageId.trim(),
    instanceType: form.instanceType,
    subnetIds: form.subnetIds,
    instancePort: whole(form.instancePort),
    keyName: form.keyName || undefined,
    securityGroupIds: form.securityGroupIds.length > 0 ? form.securityGroupIds : undefined,
    instanceProfile: form.instanceProfile.trim() || undefined,
    storage: {
      rootVolumeSizeGiB: form.storage.sizeGiB.trim() === '' ? undefined : whole(form.storage.sizeGiB),
      volumeType: form.storage.volumeType,
      encrypted: form.storage.encrypted,
    },
    userData: form.userData.trim() ? form.userData : undefined,
    capacity: { min: whole(form.min), desired: whole(form.desired), max: whole(form.max) },
    cpuTarget: form.cpuScaling ? whole(form.cpuTarget) : null,
    loadBalancer: form.loadBalancer
      ? {
          healthCheckPath: form.healthCheckPath,
          healthCheckPort: form.healthCheckPort.trim() === '' ? undefined : whole(form.healthCheckPort),
          listenerPort: whole(form.listenerPort),
          allowedCidr: allowedCidr(form, operatorCidr),
          confirmOpenToWorld: form.confirmOpen && openWording(form, operatorCidr) !== undefined,
        }
      : undefined,
    dns: form.dns ? { hostedZoneId: form.hostedZoneId, recordName: form.recordName } : undefined,
  };
}

/** min ≤ desired ≤ max ≤ 100, each a whole number: one message per field that breaks it (the Scale dialog's rule). */
export function capacityErrors(capacity: { min: string; desired: string; max: string }): FleetErrors {
  const errors: FleetErrors = {};
  const [min, desired, max] = [whole(capacity.min), whole(capacity.desired), whole(capacity.max)];
  if (Number.isNaN(min)) errors['capacity.min'] = 'Type a whole number.';
  if (Number.isNaN(desired)) errors['capacity.desired'] = 'Type a whole number.';
  if (Number.isNaN(max)) errors['capacity.max'] = 'Type a whole number.';
  else if (max < 1) errors['capacity.max'] = 'The maximum is at least 1.';
  else if (max > 100) errors['capacity.max'] = 'Kiln makes fleets of at most 100 instances.';
  if (!errors['capacity.min'] && !errors['capacity.desired'] && min > desired) {
    errors['capacity.min'] = 'The minimum cannot be more than the desired capacity.';
  }
  if (!errors['capacity.desired'] && !Number.isNaN(max) && desired > max) {
    errors['capacity.desired'] = 'The desired capacity cannot be more than the maximum.';
  }
  return errors;
}

/** Everything wrong with the form before it is sent: the spec's own schema, capacity, and the open-source rule. */
export function fleetFormErrors(form: FleetForm, operatorCidr: string | undefined): FleetErrors {
  const errors: FleetErrors = {};
  const parsed = FleetSpec.safeParse(toFleetSpec(form, operatorCidr));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      errors[key] ??= issue.code === 'invalid_type' ? 'Type a whole number.' : issue.message;
    }
  }
  Object.assign(errors, capacityErrors(form));
  delete errors.capacity;
  if (!form.profileId) errors.profileId = 'Choose a profile.';
  if (!form.region) errors.region = 'Choose a region.';
  if (!form.instanceType) errors.instanceType = 'Choose an instance type.';
  if (form.loadBalancer && form.source === 'my-ip' && !operatorCidr) {
    errors['loadBalancer.allowedCidr'] = 'Your address is not known yet: wait a moment, or type a CIDR block.';
  }
  const wording = form.loadBalancer ? openWording(form, operatorCidr) : undefined;
  if (wording && !form.confirmOpen) {
    errors['loadBalancer.confirmOpenToWorld'] = `Confirm that the load balancer may be reached from ${wording}.`;
  }
  if (form.dns && !form.loadBalancer) {
    errors.dns = 'A fleet gets a DNS name through its load balancer: turn the load balancer on, or leave DNS out.';
  }
  return errors;
}

/** The form field a backend refusal names (`spec.subnetIds`, `dns.recordName`…), or undefined when it names none. */
export function errorField(error: KilnError): string | undefined {
  return error.field?.replace(/^spec\./, '') || undefined;
}
