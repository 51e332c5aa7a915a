/**
 * How the install ended: success or failure, with the exit code (highlighted when it failed) or signal, what the
 * caller puts below it (the last lines of a failed install), and the Terminate, Save as AMI, Create fleet and Connect
 * actions.
 */
import type { ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchOutcome } from '../../../electron/common/models';

export interface OutcomeAlertProps {
  outcome: LaunchOutcome;
  terminateDisabled: boolean;
  onTerminate: () => void;
  /** Opens the Connect tab; the button is left out without it. */
  onConnect?: () => void;
  connectDisabled?: boolean;
  /** Opens the Save-as-AMI dialog; the button is left out without it. */
  onSaveAsAmi?: () => void;
  /** Why Save as AMI is not possible now; the button is disabled with it. */
  saveAsAmiDisabledReason?: string;
  /** Opens Create fleet filled in from the launch; the button is left out without it. */
  onCreateFleet?: () => void;
  children?: ReactNode;
}

export function OutcomeAlert(props: OutcomeAlertProps) {
  const {
    outcome,
    terminateDisabled,
    onTerminate,
    onConnect,
    connectDisabled,
    onSaveAsAmi,
    saveAsAmiDisabledReason,
    onCreateFleet,
    children,
  } = props;
  const success = outcome.result === 'success';
  return (
    <div data-testid="outcome" data-result={outcome.result}>
      <Alert
        type={success ? 'success' : 'error'}
        header={success ? 'Install succeeded' : 'Install failed'}
        action={
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={terminateDisabled} onClick={onTerminate}>
              Terminate instance
            </Button>
            {onSaveAsAmi && (
              <Button
                data-testid="outcome-save-as-ami-button"
                disabled={saveAsAmiDisabledReason !== undefined}
                disabledReason={saveAsAmiDisabledReason}
                onClick={onSaveAsAmi}
              >
                Save as AMI
              </Button>
            )}
            {onCreateFleet && (
              <Button data-testid="outcome-create-fleet-button" onClick={onCreateFleet}>
                Create fleet
              </Button>
            )}
            {onConnect && (
              <Button
                data-testid="outcome-connect-button"
                variant="primary"
                disabled={connectDisabled}
                onClick={onConnect}
              >
                Connect
              </Button>
            )}
          </SpaceBetween>
        }
      >
        <Box variant="p">
          <ExitDescription outcome={outcome} />
        </Box>
        {outcome.message && !restatesExit(outcome.message) && <Box variant="p">{outcome.message}</Box>}
        {children}
      </Alert>
    </div>
  );
}

/** The agent's own "install exited with code 0" would say again what the exit sentence above it already says. */
const EXIT_RESTATEMENT = /exited with code \d+|stopped by signal|killed by signal/i;

/** Whether the agent's message only restates the exit, so the alert leaves it out. */
export function restatesExit(message: string): boolean {
  return EXIT_RESTATEMENT.test(message);
}

/** The exit as a sentence, with the code or signal of a failure as a red badge. */
function ExitDescription({ outcome }: { outcome: LaunchOutcome }) {
  const failed = outcome.result === 'failure';
  const mark = (value: string) => (
    <span data-testid="exit-code" data-value={value}>
      {failed ? <Badge color="red">{value}</Badge> : value}
    </span>
  );
  if (outcome.exitCode !== null) return <>The install script exited with code {mark(String(outcome.exitCode))}.</>;
  if (outcome.signal !== null) return <>The install script was stopped by signal {mark(outcome.signal)}.</>;
  return <>{describeExit(outcome)}</>;
}

/** "exited with code 0", "was stopped by signal SIGKILL"… */
export function describeExit(outcome: LaunchOutcome): string {
  if (outcome.exitCode !== null) return `The install script exited with code ${outcome.exitCode}.`;
  if (outcome.signal !== null) return `The install script was stopped by signal ${outcome.signal}.`;
  return outcome.result === 'success'
    ? 'The installer reported success.'
    : 'The installer reported failure without an exit code.';
}
