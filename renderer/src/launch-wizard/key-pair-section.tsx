/** The key pair: none (EC2 Instance Connect), existing, create (saved once to a file), or import. Presentational. */
import Alert from '@cloudscape-design/components/alert';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import Tiles from '@cloudscape-design/components/tiles';
import type { ImageSummary, KeyPairSummary } from '../../../electron/common/models';
import type { QueryState } from '../common/use-command';
import { errorUnder, type FieldErrors } from './field-errors';
import { keyPairChangeText, type KeyPairChange } from './use-key-pair-check';
import type { KeyPairForm } from './wizard-form';

export interface KeyPairSectionProps {
  keyPair: KeyPairForm;
  keyPairs: QueryState<KeyPairSummary[]>;
  image: ImageSummary | undefined;
  errors: FieldErrors;
  /** A choice Kiln changed (the key pair no longer exists), said at the top of the section. */
  change?: KeyPairChange;
  onDismissChange?: () => void;
  onChange: (keyPair: KeyPairForm) => void;
}

export function KeyPairSection(props: KeyPairSectionProps) {
  const { keyPair, keyPairs, image, errors, onChange } = props;
  const set = (patch: Partial<KeyPairForm>) => onChange({ ...keyPair, ...patch });
  const windows = image?.platform === 'windows';
  return (
    <Container header={<Header variant="h2">Key pair</Header>}>
      <SpaceBetween size="l">
        {props.change && (
          <Alert
            type="warning"
            data-testid="key-pair-changed"
            header="Kiln changed the key pair"
            dismissible={props.onDismissChange !== undefined}
            onDismiss={props.onDismissChange}
          >
            {keyPairChangeText(props.change)}
          </Alert>
        )}
        <div data-testid="key-pair-mode">
          <Tiles
            value={keyPair.mode}
            columns={4}
            items={[
              {
                value: 'none',
                label: 'None',
                description: windows
                  ? 'No key: you cannot get the Windows password.'
                  : 'Connect with EC2 Instance Connect.',
              },
              { value: 'existing', label: 'Existing', description: 'A key pair already in this region.' },
              {
                value: 'create',
                label: 'Create new',
                description: 'Generated here; the private key is saved once to a file.',
              },
              { value: 'import', label: 'Import', description: 'Your own public key.' },
            ]}
            onChange={({ detail }) => set({ mode: detail.value as KeyPairForm['mode'], name: '' })}
          />
        </div>
        {keyPair.mode === 'existing' && (
          <FormField label="Key pair" errorText={errorUnder(errors, 'keyPair')}>
            <Select
              data-testid="existing-key-select"
              selectedOption={keyPair.name ? { value: keyPair.name, label: keyPair.name } : null}
              options={(keyPairs.value ?? []).map((k) => ({ value: k.name, label: k.name, description: k.type }))}
              statusType={keyPairs.loading ? 'loading' : keyPairs.error ? 'error' : 'finished'}
              errorText={keyPairs.error?.message}
              empty="No key pairs in this region."
              placeholder="Choose a key pair"
              onChange={({ detail }) => set({ name: detail.selectedOption.value ?? '' })}
            />
          </FormField>
        )}
        {(keyPair.mode === 'create' || keyPair.mode === 'import') && (
          <FormField label="Key pair name" errorText={errors['keyPair.name']}>
            <Input
              value={keyPair.name}
              placeholder="my-kiln-key"
              nativeInputAttributes={{ 'data-testid': 'key-pair-name-input' }}
              onChange={({ detail }) => set({ name: detail.value })}
            />
          </FormField>
        )}
        {keyPair.mode === 'create' && (
          <SpaceBetween size="l">
            <FormField
              label="Key type"
              errorText={errors['keyPair.type']}
              description={windows ? 'Windows AMIs need RSA.' : undefined}
            >
              <Tiles
                value={keyPair.type}
                columns={2}
                items={[
                  { value: 'ed25519', label: 'ED25519', disabled: windows },
                  { value: 'rsa', label: 'RSA 4096' },
                ]}
                onChange={({ detail }) => set({ type: detail.value as KeyPairForm['type'] })}
              />
            </FormField>
            <FormField
              label="Save the private key to"
              description="A new file on this computer; Kiln writes it once with 0600 permissions and does not keep a copy."
              errorText={errors['keyPair.savePath']}
            >
              <Input
                value={keyPair.savePath}
                placeholder="/home/you/.ssh/my-kiln-key"
                nativeInputAttributes={{ 'data-testid': 'key-save-path-input' }}
                onChange={({ detail }) => set({ savePath: detail.value })}
              />
            </FormField>
          </SpaceBetween>
        )}
        {keyPair.mode === 'import' && (
          <FormField label="Public key" errorText={errors['keyPair.publicKey']} stretch>
            <Textarea
              value={keyPair.publicKey}
              placeholder="ssh-ed25519 AAAA… you@host"
              rows={3}
              nativeTextareaAttributes={{ 'data-testid': 'public-key-input' }}
              onChange={({ detail }) => set({ publicKey: detail.value })}
            />
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );
}
