/**
 * Walks the launch wizard the way an operator does: Next through the ten steps with the defaults, stopping at any
 * step where the test has something to do. Waits for each step's data (the sandbox answers in its own time).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { StepId } from '../../../renderer/src/launch-wizard/step-definitions';

export type StepAction = (page: Page) => Promise<void>;

export interface WizardWalk {
  name: string;
  /** What to do on a step before pressing Next; steps without an entry keep their defaults. */
  at?: Partial<Record<Exclude<StepId, 'review'>, StepAction>>;
}

export const pressNext = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

/** The field each step of the ten-step wizard shows, in order after the first. */
export const STEP_MARKERS = [
  'instance-name-input',
  'ami-tiles',
  'instance-type-select',
  'key-pair-mode',
  'source-radio',
  'root-volume-size-input',
  'script-editor-kind',
  'instance-count-input',
  'review-name',
] as const;
export type StepMarker = (typeof STEP_MARKERS)[number];

/** Next until the step that shows `marker`, from the step before `from` (default: the first step). */
export async function nextTo(page: Page, marker: StepMarker, from: StepMarker = STEP_MARKERS[0]): Promise<void> {
  for (const step of STEP_MARKERS.slice(STEP_MARKERS.indexOf(from), STEP_MARKERS.indexOf(marker) + 1)) {
    await pressNext(page);
    await page.getByTestId(step).first().waitFor({ timeout: 20_000 });
  }
}

/** Opens the wizard from the launches list and walks it to the review step. */
export async function walkToReview(page: Page, walk: WizardWalk): Promise<void> {
  const at = walk.at ?? {};
  await page.getByTestId('launch-instance-button').click();
  await expect
    .poll(() => page.getByTestId('profile-select').innerText(), { timeout: 20_000 })
    .toContain('Local sandbox');
  // Next is refused (rightly) until the region has loaded and been preselected.
  await expect.poll(() => page.getByTestId('region-select').innerText(), { timeout: 20_000 }).toContain('us-east-1');
  await at['profile-region']?.(page);
  await pressNext(page);
  await page.getByTestId('instance-name-input').fill(walk.name);
  await at['name-tags']?.(page);
  await pressNext(page);
  await page.getByTestId('ami-tiles').getByText('Amazon Linux 2023', { exact: true }).waitFor({ timeout: 20_000 });
  await at.ami?.(page);
  await pressNext(page);
  await expect
    .poll(() => page.getByTestId('instance-type-select').innerText(), { timeout: 20_000 })
    .toContain('t3.micro');
  await at['instance-type']?.(page);
  await pressNext(page);
  await page.getByTestId('key-pair-mode').waitFor();
  await at['key-pair']?.(page);
  await pressNext(page);
  await expect.poll(() => page.getByTestId('vpc-select').innerText(), { timeout: 20_000 }).toContain('(default)');
  await at.network?.(page);
  await pressNext(page);
  await page.getByTestId('root-volume-size-input').waitFor();
  await at.storage?.(page);
  await pressNext(page);
  await page.getByTestId('script-editor-kind').waitFor();
  await at['install-script']?.(page);
  await pressNext(page);
  await page.getByTestId('instance-count-input').waitFor();
  await at.advanced?.(page);
  await pressNext(page);
  await expect.poll(() => page.getByTestId('review-name').innerText(), { timeout: 20_000 }).toBe(walk.name);
}

/** Presses Launch on the review step and waits for the launch's page. */
export async function launchFromReview(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await page.getByTestId('launch-detail').waitFor({ timeout: 30_000 });
}

/** Replaces the install script with plain text (the plain editor, not the code editor). */
export async function typeScript(page: Page, script: string): Promise<void> {
  await page.getByTestId('script-editor-kind').getByText('Plain text', { exact: true }).click();
  await page.getByTestId('install-script-input').fill(script);
}

/** Opens a Cloudscape select by its test id and picks the option whose label matches. */
export async function choose(page: Page, selectTestId: string, option: RegExp): Promise<void> {
  await page.getByTestId(selectTestId).locator('button').first().click();
  await page.getByRole('option', { name: option }).click();
}
