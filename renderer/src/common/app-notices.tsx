/**
 * What the backend tells the operator about this run (agent tokens kept in memory only…): one info alert per notice
 * at the top of the app. A dismissed notice stays dismissed for the browser session (a reload of the page does not
 * bring it back; the next start of Kiln does).
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { AppNotice } from '../../../electron/common/models';
import { useEvent, useQuery } from './use-command';

const DISMISSED_KEY = 'kiln-dismissed-notices';

export function AppNoticesAlert() {
  const query = useQuery('app.notices', {});
  const [pushed, setPushed] = useState<AppNotice[]>();
  const [dismissed, setDismissed] = useState<string[]>(readDismissed);
  useEvent('app.notices', setPushed);
  const notices = (pushed ?? query.value ?? []).filter((notice) => !dismissed.includes(notice.code));
  if (notices.length === 0) return null;

  function dismiss(code: string) {
    const next = [...dismissed, code];
    setDismissed(next);
    writeDismissed(next);
  }

  return (
    <SpaceBetween size="xs">
      {notices.map((notice) => (
        <Alert
          key={notice.code}
          type={notice.severity ?? 'info'}
          dismissible
          onDismiss={() => dismiss(notice.code)}
          i18nStrings={{ dismissAriaLabel: 'Dismiss' }}
          data-testid="app-notice"
          data-code={notice.code}
        >
          <Box variant="p">{notice.message}</Box>
          {notice.remedy ? <Box variant="p">{notice.remedy}</Box> : null}
        </Alert>
      ))}
    </SpaceBetween>
  );
}

// Storage may be unavailable (a browser that refuses it): the dismissal then lasts as long as the page.
function readDismissed(): string[] {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((code): code is string => typeof code === 'string') : [];
  } catch {
    return [];
  }
}

function writeDismissed(codes: string[]): void {
  try {
    window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(codes));
  } catch {
    // Kept in the page's state all the same.
  }
}
