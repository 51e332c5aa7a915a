// @vitest-environment happy-dom
// What the operator reads on the AMI and Review steps: the AMI id that will be used next to the AMI id field, and
// headings in order (axe heading-order: no level skipped after the step's h1).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AL2023_ARM, AL2023_X86 } from '../../../support/fake-kiln-api';
import { cloudscape } from '../render-with-api';
import { patient, renderWizard, toStep } from './wizard-driver';

afterEach(cleanup);

/** Each heading whose level is more than one below the one before it, as "h1 → h3: text". */
function skippedLevels(): string[] {
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const skips: string[] = [];
  headings.forEach((h, i) => {
    const previous = i === 0 ? 0 : Number(headings[i - 1]?.tagName[1]);
    const level = Number(h.tagName[1]);
    if (level > previous + 1) skips.push(`h${previous} → h${level}: ${h.textContent}`);
  });
  return skips;
}

describe('wizard page structure', () => {
  it('says which AMI id a quick-start tile launches, next to the AMI id field', async () => {
    renderWizard();
    await toStep('ami');
    await waitFor(() => expect(screen.getByTestId('ami-id-in-use').textContent).toContain(AL2023_X86.imageId), patient);
    fireEvent.click(
      cloudscape().findTiles('[data-testid="ami-tiles"]')!.findInputByValue(AL2023_ARM.imageId)!.getElement(),
    );
    await waitFor(() => expect(screen.getByTestId('ami-id-in-use').textContent).toContain(AL2023_ARM.imageId));
    expect(screen.getByTestId<HTMLInputElement>('ami-id-input').placeholder).toBe(AL2023_ARM.imageId);
  });

  it('keeps heading levels in order on the AMI step', async () => {
    renderWizard();
    await toStep('ami');
    await screen.findByTestId('selected-ami', {}, patient);
    expect(document.querySelector('h1')).toBeTruthy();
    expect(skippedLevels()).toEqual([]);
  });

  it('keeps heading levels in order on the Review step', async () => {
    renderWizard();
    await toStep('review');
    expect(skippedLevels()).toEqual([]);
  });
});
