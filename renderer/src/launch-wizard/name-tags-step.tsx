/** The instance's name (its Name tag) and extra tags. Presentational. */
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { UserTag } from '../../../electron/common/models';
import { TagsSection } from './tags-section';
import type { FieldErrors } from './field-errors';

export interface NameTagsStepProps {
  name: string;
  tags: UserTag[];
  errors: FieldErrors;
  onNameChange: (name: string) => void;
  onTagsChange: (tags: UserTag[]) => void;
}

export function NameTagsStep({ name, tags, errors, onNameChange, onTagsChange }: NameTagsStepProps) {
  return (
    <Container header={<Header variant="h2">Name and tags</Header>}>
      <SpaceBetween size="l">
        <FormField
          label="Name"
          description="Becomes the instance's Name tag. With more than one instance, Kiln adds -1, -2… (see Advanced)."
          errorText={errors.name}
        >
          <Input
            value={name}
            placeholder="my-build-server"
            ariaRequired
            nativeInputAttributes={{ 'data-testid': 'instance-name-input' }}
            onChange={(event) => onNameChange(event.detail.value)}
          />
        </FormField>
        <TagsSection tags={tags} errors={errors} onChange={onTagsChange} />
      </SpaceBetween>
    </Container>
  );
}
