/** Search AMIs by id, or by a fragment of the name among Amazon's and the account's images. */
import { useState } from 'react';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ImageSummary } from '../../../electron/common/models';
import { ImageTable } from './image-table';
import { useImagePages } from './use-image-pages';

export interface AmiSearchProps {
  where: { profileId: string; region: string };
  selectedImageId: string;
  onSelect: (image: ImageSummary) => void;
}

const MIN_CHARS = 2;

export function AmiSearch({ where, selectedImageId, onSelect }: AmiSearchProps) {
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const results = useImagePages(submitted ? { command: 'images.search', input: { ...where, text: submitted } } : null);

  function search() {
    const query = text.trim();
    setTooShort(query.length < MIN_CHARS);
    if (query.length >= MIN_CHARS) setSubmitted(query);
  }

  return (
    <SpaceBetween size="s">
      <FormField
        label="Search AMIs"
        description="An AMI id, or part of a name (matched as EC2 does, case-sensitive) among Amazon's images and this account's."
        errorText={tooShort ? `Type at least ${MIN_CHARS} characters of an AMI name, or an AMI id.` : undefined}
      >
        <SpaceBetween size="xs" direction="horizontal">
          <Input
            value={text}
            type="search"
            placeholder="al2023-ami, ubuntu-noble, ami-0123456789abcdef0"
            nativeInputAttributes={{ 'data-testid': 'ami-search-input' }}
            spellcheck={false}
            onChange={(event) => setText(event.detail.value)}
            onKeyDown={(event) => {
              if (event.detail.key === 'Enter') search();
            }}
          />
          <Button onClick={search} loading={results.loading} data-testid="ami-search-button">
            Search
          </Button>
        </SpaceBetween>
      </FormField>
      {submitted && (
        <ImageTable
          key={submitted}
          testId="ami-table-search"
          pages={results}
          selectedImageId={selectedImageId}
          onSelect={onSelect}
          empty={`No AMI matches "${submitted}" in ${where.region}.`}
        />
      )}
    </SpaceBetween>
  );
}
