/** What the console's gutter marks mean. Presentational. */
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';

export function ConsoleLegend() {
  return (
    <div className="kiln-console-legend" data-testid="console-legend">
      <SpaceBetween direction="horizontal" size="m">
        <Box variant="small" color="text-body-secondary">
          No mark: stdout
        </Box>
        <Box variant="small" color="text-body-secondary">
          <span className="kiln-console-mark kiln-console-mark--stderr" aria-hidden="true" />
          stderr, in red unless the program coloured the line itself
        </Box>
        <Box variant="small" color="text-body-secondary">
          <span className="kiln-console-mark kiln-console-mark--log" aria-hidden="true" />
          messages from the installer agent
        </Box>
      </SpaceBetween>
    </div>
  );
}
