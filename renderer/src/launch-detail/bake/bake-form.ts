/** The Save-as-AMI dialog's form: its initial values, the request it becomes, and its field messages. */
import {
  BakeRequest,
  type BakeRequestInput,
  type LaunchRecord,
  type UserTag,
} from '../../../../electron/common/models';

export interface BakeForm {
  name: string;
  description: string;
  mode: 'stop' | 'reboot';
  tags: UserTag[];
  copyToRegions: string[];
  keepAgent: boolean;
  generalize: boolean;
  allowUnsealed: boolean;
}

/** Messages keyed by the request path: "name", "description", "tags.0.key", "copyToRegions"… */
export type BakeErrors = Partial<Record<string, string>>;

/** "web server #1" on 2026-11-20 14:05 → "web server-1-2026-11-20-1405": a name EC2 accepts and that sorts by date. */
export function suggestImageName(launchName: string, at: Date): string {
  const base =
    launchName
      .replace(/[^A-Za-z0-9()[\] ./\-'@_]+/g, '-')
      .replace(/ *-[ -]*/g, '-')
      .replace(/^-|-$/g, '') || 'kiln-image';
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${base.slice(0, 128 - stamp.length - 1)}-${stamp}`;
}

export function initialBakeForm(record: Pick<LaunchRecord, 'spec'>, at: Date = new Date()): BakeForm {
  return {
    name: suggestImageName(record.spec.name, at),
    description: `Saved by Kiln from the launch ${record.spec.name}`.slice(0, 255),
    mode: 'stop',
    tags: [],
    copyToRegions: [],
    keepAgent: false,
    generalize: false,
    allowUnsealed: false,
  };
}

export function toBakeRequest(launchId: string, form: BakeForm): BakeRequestInput {
  return { launchId, ...form, tags: form.tags.map((tag) => ({ ...tag })), copyToRegions: [...form.copyToRegions] };
}

/** The schema's messages, first one per path (the name's come from the contract's ImageName). */
export function validateBakeForm(launchId: string, form: BakeForm): BakeErrors {
  const parsed = BakeRequest.safeParse(toBakeRequest(launchId, form));
  const errors: BakeErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

export function hasBakeErrors(errors: BakeErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
