/**
 * What the Create fleet form is filled with when it is opened from a launch's outcome or from the wizard on a
 * Kiln-baked image (pure): the instance type, key pair, VPC and subnet, the operator's own security groups, the
 * instance profile and the root volume, and the image. Kiln's per-launch choices (its own security group, a key
 * pair it created for the launch and deletes with it) are left out, as the note says.
 */
import type { ImageSummary, LaunchRecord, LaunchSpec } from '../../../electron/common/models';
import { isEditedScript } from '../launch-wizard/install-templates';
import type { StorageForm, WizardForm } from '../launch-wizard/wizard-form';
import { effectiveImageId } from '../launch-wizard/wizard-form';
import { DEFAULT_FLEET_STORAGE, type FleetChoices, type FleetPrefill } from './fleet-form';

/** A fleet name from an instance's name: letters, digits and inner hyphens, at most 32 characters. */
export function fleetNameFrom(name: string): string {
  return name
    .trim()
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 32)
    .replace(/^-+|-+$/g, '');
}

/** The newest available image a Save as AMI of this launch made in the launch's own region. */
export function newestBakedImage(record: LaunchRecord): { imageId: string; name: string } | undefined {
  const images = (record.bakes ?? []).flatMap((bake) =>
    bake.images
      .filter((image) => image.state === 'available' && image.region === record.spec.region)
      .map((image) => ({ imageId: image.imageId, name: bake.request.name, at: image.availableAt ?? image.createdAt })),
  );
  const newest = images.sort((a, b) => b.at.localeCompare(a.at))[0];
  return newest && { imageId: newest.imageId, name: newest.name };
}

/** Whether a Save as AMI of this launch is still on its way (its image will be the fleet's when it is available). */
export function bakeInProgress(record: LaunchRecord): boolean {
  return (record.bakes ?? []).some((bake) => bake.phase !== 'available' && bake.phase !== 'failed');
}

/**
 * The launch's choices, and its newest baked image. Without one the image is left empty on purpose: a fleet of the
 * AMI the launch started from would not hold what the install put on the instance, which is what an operator who
 * asks for a fleet "from this launch" expects; the form offers Save as AMI instead (and the launch's AMI, plainly
 * marked as without the install).
 */
export function fleetPrefillFromLaunch(record: LaunchRecord): FleetPrefill {
  const baked = newestBakedImage(record);
  const { spec } = record;
  const keyPair = spec.keyPair;
  const createdKey = keyPair && (keyPair.mode === 'create' || keyPair.mode === 'import');
  const notes = [
    ...(createdKey
      ? [`The key pair ${keyPair.name} is left out: Kiln made it for this launch and deletes it with the instance.`]
      : []),
    ...(spec.network?.securityGroupMode !== 'existing'
      ? ['The launch’s own security group is left out (it opens the installer agent’s port for that launch only).']
      : []),
  ];
  return {
    profileId: spec.profileId,
    region: spec.region,
    imageId: baked?.imageId ?? '',
    imageName: baked?.name,
    source: `the launch ${spec.name}`,
    launchId: record.id,
    note: notes.length > 0 ? notes.join(' ') : undefined,
    choices: launchChoicesOf(spec),
  };
}

function launchChoicesOf(spec: LaunchSpec): FleetChoices {
  const network = spec.network;
  const storage = spec.storage;
  return {
    name: fleetNameFrom(spec.name),
    instanceType: spec.instanceType,
    keyName: spec.keyPair?.mode === 'existing' ? spec.keyPair.name : '',
    vpcId: network?.vpcId ?? '',
    subnetIds: network?.subnetId ? [network.subnetId] : [],
    securityGroupIds: network?.securityGroupMode === 'existing' ? [...network.existingGroupIds] : [],
    instanceProfile: spec.advanced?.instanceProfile ?? '',
    storage: storage
      ? {
          sizeGiB: storage.rootVolumeSizeGiB === undefined ? '' : String(storage.rootVolumeSizeGiB),
          volumeType: storage.volumeType,
          encrypted: storage.encrypted,
        }
      : DEFAULT_FLEET_STORAGE,
  };
}

/**
 * The wizard's choices on a Kiln-baked image: the same fields as a launch, and the install script (when the operator
 * wrote one) as the fleet's user data, run at each instance's boot without Kiln's agent.
 */
export function fleetPrefillFromWizard(form: WizardForm, image: ImageSummary | undefined): FleetPrefill {
  const network = form.network;
  const script = isEditedScript(form.installScript) ? form.installScript : '';
  const storage: StorageForm = { ...form.storage };
  return {
    profileId: form.profileId,
    region: form.region,
    imageId: effectiveImageId(form),
    imageName: image?.name,
    source: 'the launch wizard',
    note: script
      ? 'The install script is the fleet’s user data: each instance runs it at boot, as plain user data (Kiln’s installer agent is not part of a fleet).'
      : undefined,
    choices: {
      name: fleetNameFrom(form.name),
      instanceType: form.instanceType,
      keyName: form.keyPair.mode === 'existing' ? form.keyPair.name : '',
      vpcId: network.vpcId,
      subnetIds: network.subnetId ? [network.subnetId] : [],
      securityGroupIds: network.securityGroupMode === 'existing' ? [...network.existingGroupIds] : [],
      instanceProfile: form.advanced.instanceProfile.trim(),
      storage,
      userData: script,
    },
  };
}
