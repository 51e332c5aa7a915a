/** Extra tags for the instance, its volumes and the security group (or, with its own description, an image). Presentational. */
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import { MAX_USER_TAGS, type UserTag } from '../../../electron/common/models';
import type { FieldErrors } from './field-errors';

export interface TagsSectionProps {
  tags: UserTag[];
  errors: FieldErrors;
  onChange: (tags: UserTag[]) => void;
  /** What the tags go on; the wizard's wording by default. */
  description?: string;
}

export function TagsSection({ tags, errors, onChange, description }: TagsSectionProps) {
  const set = (index: number, patch: Partial<UserTag>) =>
    onChange(tags.map((t, i) => (i === index ? { ...t, ...patch } : t)));
  return (
    <FormField
      label="Tags"
      description={description ?? "Added to the instance, its volumes and the security group, next to Kiln's own tags."}
      errorText={errors.tags}
      stretch
    >
      <div data-testid="tags-editor">
        <AttributeEditor
          items={tags}
          addButtonText="Add tag"
          removeButtonText="Remove"
          empty="No extra tags."
          disableAddButton={tags.length >= MAX_USER_TAGS}
          onAddButtonClick={() => onChange([...tags, { key: '', value: '' }])}
          onRemoveButtonClick={({ detail }) => onChange(tags.filter((_, i) => i !== detail.itemIndex))}
          definition={[
            {
              label: 'Key',
              errorText: (_item, index) => errors[`tags.${index}.key`] ?? errors[`tags.${index}`],
              control: (item, index) => (
                <Input
                  value={item.key}
                  placeholder="team"
                  nativeInputAttributes={{ 'data-testid': `tag-key-${index}` }}
                  onChange={({ detail }) => set(index, { key: detail.value })}
                />
              ),
            },
            {
              label: 'Value',
              errorText: (_item, index) => errors[`tags.${index}.value`],
              control: (item, index) => (
                <Input
                  value={item.value}
                  placeholder="platform"
                  nativeInputAttributes={{ 'data-testid': `tag-value-${index}` }}
                  onChange={({ detail }) => set(index, { value: detail.value })}
                />
              ),
            },
          ]}
        />
      </div>
    </FormField>
  );
}
