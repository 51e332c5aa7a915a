/** An inline field for one of the operator's connect choices: Save sets it, Reset (when set) goes back to Kiln's. */
import { useState } from 'react';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { KilnError } from '../../../../electron/common/result';
import { errorText } from '../../common/error-alert';

export interface OptionEditorProps {
  /** Prefix of the test ids: `<id>-field`, `<id>-input`, `<id>-save`, `<id>-reset`. */
  testId: string;
  label: string;
  description?: string;
  /** The value in effect; the field starts from it and follows it. */
  value: string;
  placeholder?: string;
  /** Whether the operator's own value is set (Reset is offered then). */
  isSet: boolean;
  resetLabel: string;
  saving: boolean;
  error: KilnError | undefined;
  onSave(value: string | null): void;
}

export function OptionEditor(props: OptionEditorProps) {
  const { testId, value, saving } = props;
  const [draft, setDraft] = useState(value);
  // A new saved value replaces the draft (adjusted while rendering, from the value the previous render had).
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(value);
  }
  const changed = draft.trim() !== '' && draft.trim() !== value;
  const save = () => changed && props.onSave(draft.trim());
  return (
    <FormField
      data-testid={`${testId}-field`}
      data-error-code={props.error?.code}
      label={props.label}
      description={props.description}
      errorText={props.error && errorText(props.error)}
    >
      <SpaceBetween direction="horizontal" size="xs">
        <div className="kiln-option-input">
          <Input
            data-testid={`${testId}-input`}
            value={draft}
            placeholder={props.placeholder}
            invalid={props.error !== undefined}
            onChange={(event) => setDraft(event.detail.value)}
            onKeyDown={(event) => event.detail.key === 'Enter' && save()}
          />
        </div>
        <Button data-testid={`${testId}-save`} disabled={!changed} loading={saving} onClick={save}>
          Save
        </Button>
        {props.isSet && (
          <Button data-testid={`${testId}-reset`} disabled={saving} onClick={() => props.onSave(null)}>
            {props.resetLabel}
          </Button>
        )}
      </SpaceBetween>
    </FormField>
  );
}
