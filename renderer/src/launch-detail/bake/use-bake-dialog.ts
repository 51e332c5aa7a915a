/**
 * The Save-as-AMI dialog's state: the form and its messages (the schema's as the operator types, the backend's
 * refusals on their field), the review from bake.preview once the request is valid and typing has settled, and
 * the start, which may come back SealFailed and then needs the operator's consent to image unsealed.
 */
import { useCallback, useMemo, useState } from 'react';
import type { BakePreview, BakeRequestInput, LaunchRecord } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { errorText } from '../../common/error-alert';
import { useDebouncedValue } from '../../common/use-debounced-value';
import { useCommand, useQuery } from '../../common/use-command';
import {
  hasBakeErrors,
  initialBakeForm,
  toBakeRequest,
  validateBakeForm,
  type BakeErrors,
  type BakeForm,
} from './bake-form';

/** How long typing must pause before the review is asked for again. */
export const PREVIEW_DELAY_MS = 600;

/** A refusal of the backend about one field, shown while that field still holds the refused value. */
interface FieldRefusal {
  field: keyof BakeForm;
  value: string;
  message: string;
}

export interface BakePreviewState {
  /** Typing has not settled, or the answer is on its way. */
  waiting: boolean;
  /** The latest answer (kept while a newer one loads, so the review does not flicker). */
  value: BakePreview | undefined;
  /** A refusal that is not about a field (those show on the field). */
  error: KilnError | undefined;
  /** Nothing to review: the form has errors. */
  blocked: boolean;
}

export function useBakeDialog(
  record: LaunchRecord,
  onStarted: (record: LaunchRecord) => void,
  previewDelayMs = PREVIEW_DELAY_MS,
) {
  const [form, setForm] = useState<BakeForm>(() => initialBakeForm(record));
  const [refusal, setRefusal] = useState<FieldRefusal>();
  const [sealFailed, setSealFailed] = useState(false);
  const startCommand = useCommand('bake.start');
  const { spec } = record;

  const schemaErrors = useMemo(() => validateBakeForm(record.id, form), [record.id, form]);
  const valid = !hasBakeErrors(schemaErrors);
  // allowUnsealed changes nothing in the review; leaving it out keeps the checkbox from asking again.
  const requestJson = valid ? JSON.stringify(toBakeRequest(record.id, { ...form, allowUnsealed: false })) : null;
  const settledJson = useDebouncedValue(requestJson, previewDelayMs);
  const preview = useQuery(
    'bake.preview',
    settledJson === null ? null : { request: JSON.parse(settledJson) as BakeRequestInput },
  );
  const current = settledJson === requestJson;
  const [lastPreview, setLastPreview] = useState<BakePreview>();
  if (preview.value && preview.value !== lastPreview) setLastPreview(preview.value);

  const previewError = current ? preview.error : undefined;
  const errors: BakeErrors = { ...schemaErrors };
  if (previewError?.field) errors[fieldOf(previewError.field)] ??= errorText(previewError);
  if (refusal && JSON.stringify(form[refusal.field]) === refusal.value) errors[refusal.field] ??= refusal.message;

  const platform = useQuery('images.describe', {
    profileId: spec.profileId,
    region: spec.region,
    imageId: spec.imageId,
  }).value?.platform;
  const regions = useQuery('regions.list', { profileId: spec.profileId });
  const regionNames = (regions.value ?? []).map((r) => r.name).filter((name) => name !== spec.region);

  const latestPreview = preview.value ?? lastPreview;
  const needsUnsealedConsent = sealFailed || latestPreview?.agentReachable === false;
  const canStart = !hasBakeErrors(errors) && !startCommand.loading && (!needsUnsealedConsent || form.allowUnsealed);

  const edit = useCallback((patch: Partial<BakeForm>) => setForm((f) => ({ ...f, ...patch })), []);

  async function start() {
    const result = await startCommand.run({ request: toBakeRequest(record.id, form) });
    if (result.ok) {
      onStarted(result.value);
      return;
    }
    if (result.error.code === 'SealFailed') setSealFailed(true);
    const field = result.error.field && fieldOf(result.error.field);
    if (field && field in form) {
      const key = field as keyof BakeForm;
      setRefusal({ field: key, value: JSON.stringify(form[key]), message: errorText(result.error) });
    }
  }

  const startError = startCommand.error && !startCommand.error.field ? startCommand.error : undefined;
  const previewState: BakePreviewState = {
    waiting: valid && (!current || preview.loading),
    value: latestPreview,
    error: previewError && !previewError.field ? previewError : undefined,
    blocked: !valid,
  };
  return {
    form,
    edit,
    errors,
    preview: previewState,
    windows: platform === 'windows',
    regions: { names: regionNames, loading: regions.loading, error: regions.error, reload: regions.reload },
    needsUnsealedConsent,
    sealFailed,
    canStart,
    starting: startCommand.loading,
    startError,
    start: () => void start(),
  };
}

export type BakeDialogState = ReturnType<typeof useBakeDialog>;

/** "request.name" → "name": the backend names fields by their path in the command input. */
function fieldOf(field: string): string {
  return field.replace(/^request\./, '');
}
