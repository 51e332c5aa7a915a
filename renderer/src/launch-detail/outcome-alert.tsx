/** How the install ended: success or failure, with the exit code or signal, and the Terminate action beside it. */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import type { LaunchOutcome } from '../../../electron/common/models';

export interface OutcomeAlertProps {
  outcome: LaunchOutcome;
  terminateDisabled: boolean;
  onTerminate(): void;
}

export function OutcomeAlert({ outcome, terminateDisabled, onTerminate }: OutcomeAlertProps) {
  const success = outcome.result === 'success';
  return (
    <div data-testid="outcome" data-result={outcome.result}>
      <Alert
        type={success ? 'success' : 'error'}
        header={success ? 'Install succeeded' : 'Install failed'}
        action={
          <Button disabled={terminateDisabled} onClick={onTerminate}>
            Terminate instance
          </Button>
        }
      >
        <Box variant="p">{describeExit(outcome)}</Box>
        {outcome.message && <Box variant="p">{outcome.message}</Box>}
      </Alert>
    </div>
  );
}

/** "exited with code 0", "was stopped by signal SIGKILL"… */
export function describeExit(outcome: LaunchOutcome): string {
  if (outcome.exitCode !== null) return `The install script exited with code ${outcome.exitCode}.`;
  if (outcome.signal !== null) return `The install script was stopped by signal ${outcome.signal}.`;
  return outcome.result === 'success'
    ? 'The installer reported success.'
    : 'The installer reported failure without an exit code.';
}
