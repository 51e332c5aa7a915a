/**
 * The install script: a template to start from, the editor, "Load from file", the user data size meter, how the
 * script reaches the instance, and the rendered bootstrap with its secrets redacted.
 */
import { useRef, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { describeScriptDelivery } from '../../../electron/common/models';
import { decodeScriptFile } from './script-file';
import { ScriptEditor } from './script-editor';
import { isEditedScript, templatesFor, type InstallTemplate, type ScriptPlatform } from './install-templates';
import type { UserDataPreview } from './use-user-data-preview';
import { RenderedUserData, UserDataMeter } from './user-data-meter';
import type { FieldErrors } from './field-errors';

export interface InstallScriptStepProps {
  installScript: string;
  /** The AMI's platform: which templates fit and how the editor highlights. */
  platform: ScriptPlatform;
  preview: UserDataPreview;
  errors: FieldErrors;
  onInstallScriptChange: (script: string) => void;
}

/** A replacement waiting for the operator's confirmation, because it would discard an edited script. */
interface PendingReplacement {
  script: string;
  source: string;
}

export function InstallScriptStep({
  installScript,
  platform,
  preview,
  errors,
  onInstallScriptChange,
}: InstallScriptStepProps) {
  const [pending, setPending] = useState<PendingReplacement>();
  const [fileError, setFileError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);

  function replace(script: string, source: string) {
    setFileError(undefined);
    if (script === installScript) return;
    if (isEditedScript(installScript)) setPending({ script, source });
    else onInstallScriptChange(script);
  }

  async function handleFile(file: File | undefined) {
    if (!file) return;
    const decoded = decodeScriptFile(file.name, new Uint8Array(await file.arrayBuffer()));
    if (decoded.ok) replace(decoded.script, file.name);
    else setFileError(decoded.message);
  }

  const templates = templatesFor(platform);
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={
            platform === 'windows'
              ? 'A PowerShell script run as Administrator after boot. Its output is streamed to the install log.'
              : 'A bash script run as root after boot. Its output is streamed to the install log.'
          }
          actions={
            <SpaceBetween size="xs" direction="horizontal">
              <ButtonDropdown
                data-testid="script-template-menu"
                items={templates.map((t: InstallTemplate) => ({ id: t.id, text: t.label, description: t.description }))}
                onItemClick={({ detail }) => {
                  const template = templates.find((t) => t.id === detail.id);
                  if (template) replace(template.script, `the ${template.label} template`);
                }}
              >
                Start from a template
              </ButtonDropdown>
              <Button iconName="upload" onClick={() => fileInput.current?.click()}>
                Load from file
              </Button>
            </SpaceBetween>
          }
        >
          Install script
        </Header>
      }
    >
      <SpaceBetween size="l">
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".sh,.bash,.ps1,.txt,text/*"
          data-testid="install-script-file-input"
          onChange={(event) => {
            const input = event.currentTarget;
            void handleFile(input.files?.[0]).finally(() => {
              // The same file can be picked again after an edit.
              input.value = '';
            });
          }}
        />
        {fileError && (
          <Alert type="error" dismissible onDismiss={() => setFileError(undefined)} header="The file was not loaded">
            <span data-testid="script-file-error">{fileError}</span>
          </Alert>
        )}
        <FormField label="Script" errorText={errors.installScript} stretch>
          <ScriptEditor value={installScript} platform={platform} onChange={onInstallScriptChange} />
        </FormField>
        <UserDataMeter preview={preview} />
        <ScriptDeliveryLine preview={preview} />
        <RenderedUserData preview={preview} />
      </SpaceBetween>
      <Modal
        visible={pending !== undefined}
        header="Replace your script?"
        onDismiss={() => setPending(undefined)}
        footer={
          <Box float="right">
            <SpaceBetween size="xs" direction="horizontal">
              <Button variant="link" onClick={() => setPending(undefined)}>
                Keep my script
              </Button>
              <Button
                variant="primary"
                data-testid="confirm-replace-script"
                onClick={() => {
                  if (pending) onInstallScriptChange(pending.script);
                  setPending(undefined);
                }}
              >
                Replace
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        The script has your own edits. Replacing it with {pending?.source} discards them.
      </Modal>
    </Container>
  );
}

/** "Delivery: inline in user data", "downloaded from the artifact bucket (N KB)", or why the script is refused. */
function ScriptDeliveryLine({ preview }: { preview: UserDataPreview }) {
  const delivery = preview.delivery;
  if (!delivery) return null;
  return (
    <Box data-testid="script-delivery" data-mode={delivery.mode}>
      <StatusIndicator type={delivery.mode === 'refused' ? 'error' : 'info'}>
        Delivery: {describeScriptDelivery(delivery)}
      </StatusIndicator>
    </Box>
  );
}
