/** Spec → form: the inverse of `toSpecInput`, for Launch again, a profile's defaults and presets. */
import type { LaunchSpecInput } from '../../../electron/common/models';
import { probeFormOf } from '../health/probe-form';
import { INITIAL_FORM, type AdvancedForm, type KeyPairForm, type WizardForm } from './wizard-form';

/** A full spec, or a saved one where any field may be missing (those keep the wizard's initial values). */
export type SpecLike = Partial<LaunchSpecInput>;

/**
 * The wizard form that shows `spec`. The AMI goes to the typed-id field: whether it is a quick-start tile is
 * known only once the region's tiles are loaded (`adoptQuickStartTile`).
 */
export function formFromSpec(spec: SpecLike): WizardForm {
  const initial = INITIAL_FORM;
  return {
    profileId: spec.profileId ?? initial.profileId,
    region: spec.region ?? initial.region,
    quickStartImageId: '',
    customImageId: spec.imageId ?? initial.customImageId,
    instanceType: spec.instanceType ?? initial.instanceType,
    name: spec.name ?? initial.name,
    installScript: spec.installScript ?? initial.installScript,
    tags: spec.tags ? spec.tags.map((tag) => ({ ...tag })) : initial.tags,
    keyPair: keyPairForm(spec.keyPair),
    storage: spec.storage
      ? {
          sizeGiB: spec.storage.rootVolumeSizeGiB === undefined ? '' : String(spec.storage.rootVolumeSizeGiB),
          volumeType: spec.storage.volumeType ?? initial.storage.volumeType,
          encrypted: spec.storage.encrypted ?? initial.storage.encrypted,
        }
      : initial.storage,
    // A wide CIDR is confirmed by the operator each time, never brought back confirmed.
    network: { ...initial.network, ...sameNamedFields(spec.network, initial.network), confirmOpenToInternet: false },
    advanced: advancedForm(spec.advanced),
    probes: (spec.probes ?? []).map(probeFormOf),
    dns: spec.dns
      ? { enabled: true, hostedZoneId: spec.dns.hostedZoneId, recordName: spec.dns.recordName }
      : initial.dns,
  };
}

function advancedForm(choice: SpecLike['advanced']): AdvancedForm {
  const initial = INITIAL_FORM.advanced;
  if (!choice) return initial;
  const hours = choice.autoTerminateAfterHours;
  return {
    imdsv2Required: choice.imdsv2Required ?? initial.imdsv2Required,
    instanceProfile: choice.instanceProfile ?? initial.instanceProfile,
    shutdownBehavior: choice.shutdownBehavior ?? initial.shutdownBehavior,
    terminationProtection: choice.terminationProtection ?? initial.terminationProtection,
    count: choice.count === undefined ? initial.count : String(choice.count),
    autoTerminate: hours !== undefined,
    // Without a timer the form keeps its suggested hours for when the operator turns one on.
    autoTerminateAfterHours: hours === undefined ? initial.autoTerminateAfterHours : String(hours),
  };
}

function keyPairForm(choice: SpecLike['keyPair']): KeyPairForm {
  const blank = INITIAL_FORM.keyPair;
  switch (choice?.mode) {
    case undefined:
    case 'none':
      return blank;
    case 'existing':
      return { ...blank, mode: 'existing', name: choice.name };
    case 'create':
      return {
        ...blank,
        mode: 'create',
        name: choice.name,
        type: choice.type ?? blank.type,
        savePath: choice.savePath,
      };
    case 'import':
      return { ...blank, mode: 'import', name: choice.name, publicKey: choice.publicKey };
  }
}

/**
 * The network form holds the spec's network fields under the same names and types, so each one the form has is
 * taken as it is (arrays copied).
 */
function sameNamedFields<T extends object>(source: object | undefined, template: T): Partial<T> {
  if (!source) return {};
  const picked: Partial<T> = {};
  for (const key of Object.keys(template) as (keyof T)[]) {
    const value = (source as Partial<T>)[key];
    if (value !== undefined) picked[key] = (Array.isArray(value) ? [...value] : value) as T[keyof T];
  }
  return picked;
}

/** When the typed AMI id is one of the region's quick-start tiles, shows it as that tile instead. */
export function adoptQuickStartTile(form: WizardForm, tileIds: readonly string[]): Partial<WizardForm> | undefined {
  const typed = form.customImageId.trim();
  if (!typed || !tileIds.includes(typed)) return undefined;
  return { quickStartImageId: typed, customImageId: '' };
}

/** A form filled from a saved spec (defaults, a preset) on top of the profile already chosen. */
export function fillKeepingProfile(current: WizardForm, spec: SpecLike): WizardForm {
  return { ...formFromSpec(spec), profileId: current.profileId };
}
