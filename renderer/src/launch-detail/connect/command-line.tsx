/** A command to paste into a terminal, with a copy button. */
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';

export function CommandLine({ command, label, testId }: { command: string; label: string; testId: string }) {
  return (
    <div className="kiln-session-bar" data-testid={testId} data-value={command}>
      <pre className="kiln-command">{command}</pre>
      <CopyToClipboard
        variant="button"
        textToCopy={command}
        copyButtonText="Copy"
        copySuccessText={`${label} copied`}
        copyErrorText={`${label} could not be copied: select it and copy it by hand`}
      />
    </div>
  );
}
