/**
 * Probes as the operator types them (numbers stay text until saved), how they become the contract's probe list, and
 * the inline errors the shared schema gives them, keyed `<index>.<field>`. Used by the launch page and the wizard.
 */
import { ProbeList, type ProbeDefinitionInput } from '../../../electron/common/models';

export interface ProbeForm {
  /** Set for probes already saved, so their history follows them. */
  id?: string;
  protocol: 'http' | 'https';
  port: string;
  path: string;
  expectedStatus: string;
  bodyContains: string;
  intervalSeconds: string;
  thresholdSeconds: string;
  requireValidCertificate: boolean;
}

export type ProbeFieldErrors = Partial<Record<`${number}.${keyof ProbeForm}`, string>>;

/** A new probe with the defaults: HTTP on port 80, path /, status 200, every 60 s, down after 5 minutes. */
export function newProbeForm(): ProbeForm {
  return {
    protocol: 'http',
    port: '80',
    path: '/',
    expectedStatus: '200',
    bodyContains: '',
    intervalSeconds: '60',
    thresholdSeconds: '300',
    requireValidCertificate: false,
  };
}

/** A saved probe as a form row. */
export function probeFormOf(probe: ProbeDefinitionInput): ProbeForm {
  return {
    ...(probe.id ? { id: probe.id } : {}),
    protocol: probe.protocol ?? 'http',
    port: String(probe.port),
    path: probe.path ?? '/',
    expectedStatus: String(probe.expectedStatus ?? 200),
    bodyContains: probe.bodyContains ?? '',
    intervalSeconds: String(probe.intervalSeconds ?? 60),
    thresholdSeconds: String(probe.thresholdSeconds ?? 300),
    requireValidCertificate: probe.requireValidCertificate ?? false,
  };
}

/** Typed digits as a number; anything else as NaN, which the schema refuses with the field's own message. */
function number(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

export function toProbeInputs(forms: readonly ProbeForm[]): ProbeDefinitionInput[] {
  return forms.map((form) => ({
    ...(form.id ? { id: form.id } : {}),
    protocol: form.protocol,
    port: number(form.port),
    path: form.path,
    expectedStatus: number(form.expectedStatus),
    bodyContains: form.bodyContains,
    intervalSeconds: number(form.intervalSeconds),
    thresholdSeconds: number(form.thresholdSeconds),
    requireValidCertificate: form.protocol === 'https' && form.requireValidCertificate,
  }));
}

/** The schema's errors for the rows (the same schema the backend checks), first per field. */
export function probeFormErrors(forms: readonly ProbeForm[]): ProbeFieldErrors {
  const parsed = ProbeList.safeParse(toProbeInputs(forms));
  const errors: ProbeFieldErrors = {};
  for (const issue of parsed.error?.issues ?? []) {
    const [index, field] = issue.path;
    if (typeof index !== 'number' || typeof field !== 'string') continue;
    const key = `${index}.${field}` as keyof ProbeFieldErrors;
    errors[key] ??= issue.message;
  }
  return errors;
}
