/**
 * The connectivity doctor in the launch view: offered while the agent cannot be reached; names the broken link,
 * offers the fix Kiln can make (move the rule to the operator's current address), and shows the console output.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import type { Diagnosis, LaunchRecord } from '../../../electron/common/models';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useCommand } from '../common/use-command';

/** The agent link states in which the operator may want to know why. */
export function needsDoctor(record: LaunchRecord): boolean {
  return record.agentLink?.state === 'unreachable' || record.agentLink?.state === 'tls-mismatch';
}

export function ConnectivityPanel({
  record,
  onRecord,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
}) {
  const diagnose = useCommand('launch.diagnose');
  const fix = useCommand('launch.updateAgentRule');
  const [diagnosis, setDiagnosis] = useState<Diagnosis>();

  async function run() {
    const result = await diagnose.run({ launchId: record.id });
    if (result.ok) setDiagnosis(result.value);
  }
  async function applyFix() {
    const result = await fix.run({ launchId: record.id });
    if (result.ok) {
      onRecord(result.value);
      await run();
    }
  }

  return (
    <Container
      data-testid="connectivity-panel"
      header={
        <Header
          variant="h2"
          description={record.agentLink?.detail ?? 'Kiln cannot reach the installer agent yet.'}
          actions={
            <Button data-testid="diagnose-button" loading={diagnose.loading} onClick={() => void run()}>
              {diagnosis ? 'Check again' : 'Diagnose'}
            </Button>
          }
        >
          Connectivity
        </Header>
      }
    >
      <SpaceBetween size="m">
        {diagnose.error && <ErrorAlert error={diagnose.error} header="Diagnosis failed" />}
        {fix.error && <ErrorAlert error={fix.error} header="The rule was not updated" />}
        {diagnosis && (
          <SpaceBetween size="s">
            <Box variant="small" color="text-body-secondary">
              Checked {formatDateTime(diagnosis.checkedAt)}
              {diagnosis.operatorCidr ? `, your address is ${diagnosis.operatorCidr}` : ''}
            </Box>
            {diagnosis.checks.map((check) => (
              <div key={check.id} data-testid={`check-${check.id}`} data-ok={String(check.ok)}>
                <StatusIndicator type={check.ok ? 'success' : 'error'}>{check.title}</StatusIndicator>
                {check.detail && <Box variant="small">{check.detail}</Box>}
                {!check.ok && check.remedy && <Box variant="p">{check.remedy}</Box>}
                {check.fix === 'update-agent-rule' && (
                  <Button data-testid="update-rule-button" loading={fix.loading} onClick={() => void applyFix()}>
                    Open the agent port to my address
                  </Button>
                )}
              </div>
            ))}
            <ExpandableSection headerText="Console output (latest)">
              {diagnosis.consoleOutput ? (
                <pre className="kiln-console-output" data-testid="console-output">
                  {diagnosis.consoleOutput}
                </pre>
              ) : (
                <Box color="text-body-secondary">AWS has no console output for this instance yet.</Box>
              )}
            </ExpandableSection>
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}
