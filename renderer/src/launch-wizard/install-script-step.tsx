/** Step 3: the instance's name and the install script, with the rendered user-data size. Presentational. */
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Textarea from '@cloudscape-design/components/textarea';
import type { ReactNode } from 'react';
import { errorText } from '../common/error-alert';
import { formatInteger } from '../common/format';
import type { UserDataPreview } from './use-user-data-preview';
import type { FieldErrors } from './wizard-form';

export interface InstallScriptStepProps {
  name: string;
  installScript: string;
  preview: UserDataPreview;
  errors: FieldErrors;
  onNameChange(name: string): void;
  onInstallScriptChange(script: string): void;
  /** The tags editor, shown under the name. */
  tags?: ReactNode;
}

export function InstallScriptStep(props: InstallScriptStepProps) {
  const { errors } = props;
  return (
    <Container header={<Header variant="h2">What to install</Header>}>
      <SpaceBetween size="l">
        <FormField
          label="Name"
          description="Becomes the instance's Name tag."
          errorText={errors.name}
        >
          <Input
            value={props.name}
            placeholder="my-build-server"
            ariaRequired
            nativeInputAttributes={{ 'data-testid': 'instance-name-input' }}
            onChange={(event) => props.onNameChange(event.detail.value)}
          />
        </FormField>
        {props.tags}
        <FormField
          label="Install script"
          description="A bash script run as root after boot. Its output is streamed to the install log."
          errorText={errors.installScript}
          constraintText={
            <>
              User data: <UserDataSize preview={props.preview} />
            </>
          }
          stretch
        >
          <Textarea
            className="kiln-monospace"
            value={props.installScript}
            rows={16}
            spellcheck={false}
            nativeTextareaAttributes={{ 'data-testid': 'install-script-input' }}
            onChange={(event) => props.onInstallScriptChange(event.detail.value)}
          />
        </FormField>
      </SpaceBetween>
    </Container>
  );
}

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
        size shown once the name and script are filled in
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
  return (
    <span data-testid="user-data-size" data-status={preview.loading ? 'loading' : 'ok'} data-bytes={userDataBytes}>
      {formatInteger(userDataBytes)} of {formatInteger(limitBytes)} bytes
    </span>
  );
}
