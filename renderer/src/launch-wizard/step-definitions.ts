/** The wizard's steps: their order, titles and the spec fields each one owns. */

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
  | 'advanced'
  | 'probes'
  | 'dns';
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
  { id: 'advanced', title: 'Advanced', fields: ['advanced', 'probes', 'dns'] },
  { id: 'review', title: 'Review', fields: [] },
] as const satisfies readonly { id: string; title: string; fields: readonly SpecField[] }[];
export type StepId = (typeof STEPS)[number]['id'];

export const STEP_TITLES: readonly string[] = STEPS.map((step) => step.title);
export const STEP_FIELDS: readonly (readonly SpecField[])[] = STEPS.map((step) => step.fields);
/** The index of a step by its id. */
export const stepIndex = (id: StepId): number => STEPS.findIndex((step) => step.id === id);
export const REVIEW_STEP = stepIndex('review');

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

export function isSpecField(value: unknown): value is SpecField {
  return STEP_FIELDS.some((fields) => (fields as readonly unknown[]).includes(value));
}
