/**
 * Shows text Kiln did not write with its invisible direction and zero-width characters spelled out, in a style
 * that sets them apart from the text (see visible-text.ts). Presentational.
 */
import { Fragment } from 'react';
import { hasInvisible, visibleParts } from './visible-text';

export function Visible({ text }: { text: string | undefined }) {
  if (text === undefined) return null;
  if (!hasInvisible(text)) return <>{text}</>;
  return (
    <bdi>
      {visibleParts(text).map((part, i) =>
        part.kind === 'text' ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <span key={i} className="kiln-invisible-char" data-testid="invisible-char">
            {part.text}
          </span>
        ),
      )}
    </bdi>
  );
}
