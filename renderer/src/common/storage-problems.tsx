/**
 * Files of Kiln's data directory it could not read this run (a launch record, presets, the secrets file…), each with
 * where its content was kept: shown once at the top of the app until dismissed, and again when another is found.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { StorageProblem, StoredFileKind } from '../../../electron/common/models';
import { CopyValue } from './copy-value';
import { useEvent, useQuery } from './use-command';

const KIND_LABEL: Record<StoredFileKind, string> = {
  'launch-record': 'Launch record',
  presets: 'Presets',
  preferences: 'Preferences',
  'wizard-defaults': 'Wizard defaults',
  fleets: 'Fleets',
  secrets: 'Secrets',
  settings: 'Settings',
};

export function StorageProblemsAlert() {
  const query = useQuery('storage.problems', {});
  const [pushed, setPushed] = useState<StorageProblem[]>();
  const [dismissedCount, setDismissedCount] = useState(0);
  useEvent('storage.problems', setPushed);
  const problems = pushed ?? query.value ?? [];
  if (problems.length <= dismissedCount) return null;
  const header =
    problems.length === 1
      ? 'Kiln could not read one of its files and kept it aside'
      : `Kiln could not read ${problems.length} of its files and kept them aside`;
  return (
    <Alert
      type="warning"
      header={header}
      dismissible
      onDismiss={() => setDismissedCount(problems.length)}
      i18nStrings={{ dismissAriaLabel: 'Dismiss' }}
      data-testid="storage-problems"
    >
      <SpaceBetween size="s">
        {problems.map((problem) => (
          <StorageProblemItem key={problem.backupPath} problem={problem} />
        ))}
      </SpaceBetween>
    </Alert>
  );
}

function StorageProblemItem({ problem }: { problem: StorageProblem }) {
  return (
    <div data-testid="storage-problem" data-kind={problem.kind}>
      <Box variant="strong">
        {KIND_LABEL[problem.kind]}
        {problem.launchId ? ` of launch ${problem.launchId}` : ''}
      </Box>
      <Box variant="p">{problem.message}</Box>
      <Box variant="p">{problem.remedy}</Box>
      <Box variant="small">
        Kept in <code data-testid="storage-problem-backup">{problem.backupPath}</code>{' '}
        <CopyValue value={problem.backupPath} label="Backup path" testId="storage-problem-copy" />
      </Box>
    </div>
  );
}
