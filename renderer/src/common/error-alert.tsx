/** Shows a KilnError the way every view does: what happened as the header, what to do as the body. */
import type { ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import type { KilnError } from '../../../electron/common/result';

export interface ErrorAlertProps {
  error: KilnError;
  /** Replaces the message as the header, e.g. "Launch failed"; the message then leads the body. */
  header?: string;
  action?: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}

export function ErrorAlert({ error, header, action, onDismiss, testId }: ErrorAlertProps) {
  return (
    <Alert
      type="error"
      header={header ?? error.message}
      action={action}
      dismissible={onDismiss !== undefined}
      onDismiss={onDismiss}
      // Without an I18nProvider Cloudscape leaves the close button unnamed: screen readers would announce "button".
      i18nStrings={{ dismissAriaLabel: 'Dismiss' }}
      data-testid={testId}
      data-code={error.code}
    >
      {header !== undefined && <Box variant="p">{error.message}</Box>}
      {error.remedy && <Box variant="p">{error.remedy}</Box>}
      <Box variant="small" color="text-body-secondary">
        Error code: {error.code}
      </Box>
    </Alert>
  );
}

/** One line of text for places that only take a string (form field errors). */
export function errorText(error: KilnError): string {
  return error.remedy ? `${error.message} ${error.remedy}` : error.message;
}
