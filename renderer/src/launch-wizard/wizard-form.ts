/** The wizard's form state and its pure rules: defaults, which step owns which field, validation. */
import { LaunchSpec, type LaunchSpecInput } from '../../../electron/common/models';
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
}

/** The LaunchSpec fields the wizard collects (agentPort is left to its default). */
export type SpecField = 'profileId' | 'region' | 'imageId' | 'instanceType' | 'name' | 'installScript';
export type FieldErrors = Partial<Record<SpecField, string>>;

export const STEP_TITLES = ['Profile and region', 'AMI and instance type', 'Install script', 'Review'] as const;
export const REVIEW_STEP = 3;

export const STEP_FIELDS: readonly (readonly SpecField[])[] = [
  ['profileId', 'region'],
  ['imageId', 'instanceType'],
  ['name', 'installScript'],
  [],
];

export const INITIAL_FORM: WizardForm = {
  profileId: '',
  region: '',
  quickStartImageId: '',
  customImageId: '',
  instanceType: '',
  name: '',
  installScript: EXAMPLE_INSTALL_SCRIPT,
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
  };
}

/** Field messages from the LaunchSpec schema for the fields of the given steps (first message per field). */
export function validateFields(form: WizardForm, fields: readonly SpecField[]): FieldErrors {
  const parsed = LaunchSpec.safeParse(toSpecInput(form));
  const errors: FieldErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (isSpecField(field) && fields.includes(field) && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

export function validateStep(form: WizardForm, step: number): FieldErrors {
  return validateFields(form, STEP_FIELDS[step] ?? []);
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

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
