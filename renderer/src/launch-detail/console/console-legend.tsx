/** What the console's gutter marks mean. Presentational. */
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';

export function ConsoleLegend() {
  return (
    <div className="kiln-console-legend" data-testid="console-legend">
      <SpaceBetween direction="horizontal" size="m">
        <Box variant="small" color="text-body-secondary">
          <span className="kiln-console-mark kiln-console-mark--stdout" aria-hidden="true" /> stdout
        </Box>
        <Box variant="small" color="text-body-secondary">
          <span className="kiln-console-mark kiln-console-mark--stderr" aria-hidden="true" /> stderr (red bar; red text unless the
          program coloured it)
        </Box>
        <Box variant="small" color="text-body-secondary">
          <span className="kiln-console-mark kiln-console-mark--log" aria-hidden="true" /> messages from the installer agent
        </Box>
      </SpaceBetween>
    </div>
  );
}
