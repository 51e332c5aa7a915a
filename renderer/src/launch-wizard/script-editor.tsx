/** The install script editor: Cloudscape's CodeEditor (Ace), or a plain monospace text area. Presentational. */
import { useState } from 'react';
import CodeEditor, { type CodeEditorProps } from '@cloudscape-design/components/code-editor';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { ACE_THEMES, useAce } from './use-ace';
import type { ScriptPlatform } from './install-templates';

export type EditorKind = 'code' | 'plain';

export interface ScriptEditorProps {
  value: string;
  platform: ScriptPlatform;
  onChange: (value: string) => void;
}

export function ScriptEditor({ value, platform, onChange }: ScriptEditorProps) {
  const [kind, setKind] = useState<EditorKind>('code');
  const [preferences, setPreferences] = useState<Partial<CodeEditorProps.Preferences>>({
    wrapLines: false,
    theme: 'dawn',
  });
  const ace = useAce(kind === 'code');
  // Where Ace cannot load, the plain editor takes over; the error state of the CodeEditor offers a retry too.
  const plain = kind === 'plain' || ace.failed;
  return (
    <SpaceBetween size="xs">
      <div data-testid="script-editor-kind">
        <SegmentedControl
          label="Editor"
          selectedId={plain ? 'plain' : 'code'}
          options={[
            { id: 'code', text: 'Code editor' },
            { id: 'plain', text: 'Plain text' },
          ]}
          onChange={({ detail }) => {
            if (detail.selectedId === 'code') ace.retry();
            setKind(detail.selectedId as EditorKind);
          }}
        />
      </div>
      {plain ? (
        <Textarea
          className="kiln-monospace"
          value={value}
          rows={18}
          spellcheck={false}
          ariaLabel="Install script"
          nativeTextareaAttributes={{ 'data-testid': 'install-script-input' }}
          onChange={(event) => onChange(event.detail.value)}
        />
      ) : (
        <div data-testid="install-script-editor" data-ready={ace.ace ? 'true' : 'false'}>
          <CodeEditor
            ace={ace.ace}
            value={value}
            language={platform === 'windows' ? 'powershell' : 'sh'}
            languageLabel={platform === 'windows' ? 'PowerShell' : 'Bash'}
            loading={ace.loading}
            preferences={preferences}
            themes={ACE_THEMES}
            editorContentHeight={360}
            ariaLabel="Install script"
            onPreferencesChange={({ detail }) => setPreferences(detail)}
            onDelayedChange={({ detail }) => onChange(detail.value)}
            onRecoveryClick={ace.retry}
            i18nStrings={{
              loadingState: 'Loading the code editor',
              errorState: 'The code editor could not be loaded.',
              errorStateRecovery: 'Retry',
              editorGroupAriaLabel: 'Install script editor',
              statusBarGroupAriaLabel: 'Status bar',
              cursorPosition: (row, column) => `Ln ${row}, Col ${column}`,
              errorsTab: 'Errors',
              warningsTab: 'Warnings',
              preferencesButtonAriaLabel: 'Editor preferences',
              paneCloseButtonAriaLabel: 'Close',
              preferencesModalHeader: 'Editor preferences',
              preferencesModalCancel: 'Cancel',
              preferencesModalConfirm: 'Confirm',
              preferencesModalWrapLines: 'Wrap lines',
              preferencesModalTheme: 'Theme',
              preferencesModalLightThemes: 'Light themes',
              preferencesModalDarkThemes: 'Dark themes',
              resizeHandleAriaLabel: 'Resize the editor',
              resizeHandleTooltipText: 'Drag or use the arrow keys to resize',
            }}
          />
        </div>
      )}
    </SpaceBetween>
  );
}
