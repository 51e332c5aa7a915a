/** The user data's size against EC2's 16 KB limit, and the rendered bootstrap with its secrets redacted. */
import Box from '@cloudscape-design/components/box';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { errorText } from '../common/error-alert';
import { formatInteger } from '../common/format';
import type { UserDataPreview } from './use-user-data-preview';

/** "N of 16,384 bytes" of user data, or why it cannot be measured. */
export function UserDataSize({ preview }: { preview: UserDataPreview }) {
  if (preview.error) {
    return (
      <span data-testid="user-data-size" data-status="error">
        <StatusIndicator type="error">{errorText(preview.error)}</StatusIndicator>
      </span>
    );
  }
  if (!preview.ready) {
    return (
      <span data-testid="user-data-size" data-status="incomplete">
        size shown once every earlier step is filled in
      </span>
    );
  }
  if (!preview.size) {
    return (
      <span data-testid="user-data-size" data-status="loading">
        <StatusIndicator type="loading">measuring</StatusIndicator>
      </span>
    );
  }
  const { userDataBytes, limitBytes } = preview.size;
  const over = userDataBytes > limitBytes;
  return (
    <span
      data-testid="user-data-size"
      data-status={over ? 'too-large' : preview.loading ? 'loading' : 'ok'}
      data-bytes={userDataBytes}
    >
      {formatInteger(userDataBytes)} of {formatInteger(limitBytes)} bytes
      {over && ` (${formatInteger(userDataBytes - limitBytes)} bytes too many)`}
    </span>
  );
}

/** A bar of the user data's bytes against the limit, red once it no longer fits. */
export function UserDataMeter({ preview }: { preview: UserDataPreview }) {
  const size = preview.size;
  const over = size !== undefined && size.userDataBytes > size.limitBytes;
  return (
    <div data-testid="user-data-meter">
      <ProgressBar
        label="User data"
        description="The bootstrap Kiln renders around your script; EC2 accepts at most 16 KB."
        value={size ? Math.min(100, (100 * size.userDataBytes) / size.limitBytes) : 0}
        status={over ? 'error' : 'in-progress'}
        resultText={
          over
            ? `${formatInteger(size.userDataBytes)} of ${formatInteger(size.limitBytes)} bytes: shorten the script.`
            : undefined
        }
        additionalInfo={<UserDataSize preview={preview} />}
      />
    </div>
  );
}

/** The rendered user data, read-only, as the instance will receive it except for the redacted secrets. */
export function RenderedUserData({ preview }: { preview: UserDataPreview }) {
  return (
    <ExpandableSection
      headerText="Rendered user data"
      headerDescription="Secrets (TLS private key, token hash, URL signatures) are shown as placeholders."
    >
      {preview.text ? (
        <Box variant="code">
          <pre className="kiln-monospace kiln-user-data" data-testid="user-data-preview">
            {preview.text}
          </pre>
        </Box>
      ) : (
        <Box color="text-body-secondary">Shown once every earlier step is filled in.</Box>
      )}
    </ExpandableSection>
  );
}
