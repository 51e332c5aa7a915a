/** The rendered user data (size, script delivery, redacted text) for the spec being edited, via launch.preview, debounced. */
import { useEffect, useMemo, useState } from 'react';
import {
  describeScriptDelivery,
  LaunchSpec,
  type LaunchSpecInput,
  type ScriptDelivery,
} from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useQuery } from '../common/use-command';

export const PREVIEW_DEBOUNCE_MS = 300;

export interface UserDataPreview {
  /** False until the spec is complete enough to render (the backend validates the whole spec). */
  ready: boolean;
  loading: boolean;
  /** The latest size, kept while a newer one is being measured. */
  size: { userDataBytes: number; limitBytes: number; refusal?: string } | undefined;
  /** How the script reaches the instance: inline, from the artifact bucket, or refused (then `size.refusal` says why). */
  delivery: ScriptDelivery | undefined;
  /** The latest rendered user data, every secret replaced by a placeholder. */
  text: string | undefined;
  error: KilnError | undefined;
}

export function useUserDataPreview(spec: LaunchSpecInput, enabled: boolean): UserDataPreview {
  const valid = useMemo(() => LaunchSpec.safeParse(spec).success, [spec]);
  const json = enabled && valid ? JSON.stringify(spec) : null;
  const [debounced, setDebounced] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(json), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [json]);

  const input = useMemo(
    () => (debounced === null ? null : { spec: JSON.parse(debounced) as LaunchSpecInput }),
    [debounced],
  );
  const query = useQuery('launch.preview', input);
  const [latest, setLatest] = useState(query.value);
  if (query.value && query.value !== latest) setLatest(query.value);

  return {
    ready: json !== null,
    loading: json !== null && (json !== debounced || query.loading),
    size:
      json === null || !latest
        ? undefined
        : { userDataBytes: latest.userDataBytes, limitBytes: latest.limitBytes, refusal: refusalOf(latest.delivery) },
    delivery: json === null ? undefined : latest?.delivery,
    text: json === null ? undefined : latest?.userDataText,
    error: json !== null && json === debounced ? query.error : undefined,
  };
}

function refusalOf(delivery: ScriptDelivery): string | undefined {
  return delivery.mode === 'refused' ? describeScriptDelivery(delivery) : undefined;
}
