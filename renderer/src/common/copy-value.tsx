/** A value with a copy button beside it (or a dash when there is none). */
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';

export function CopyValue({ value, label, testId }: { value: string | undefined; label: string; testId: string }) {
  if (!value) return <span data-testid={testId}>–</span>;
  return (
    <span data-testid={testId} data-value={value}>
      <CopyToClipboard
        variant="inline"
        textToCopy={value}
        copyButtonAriaLabel={`Copy ${label}`}
        copySuccessText={`${label} copied`}
        copyErrorText={`${label} could not be copied: select it and copy it by hand`}
      />
    </span>
  );
}
