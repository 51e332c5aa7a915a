/** Renders a renderer component under a KilnApiProvider with the fake transport. */
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { afterAll, afterEach } from 'vitest';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { KilnApiProvider } from '../../../renderer/src/common/api-context';
import { createFakeKilnApi, type FakeKilnApi } from '../../support/fake-kiln-api';

// Testing Library turns React's act environment on from a global beforeAll, which vitest (no globals) lacks.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Cloudscape's Flashbar starts an entering-animation timer it never cancels; let it fire while the DOM still
// exists, or it runs after the environment is torn down and React reports `window is not defined`.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 400)));

// The app keeps its page in the URL's hash: each test starts on the launches list, whatever the last one opened.
afterEach(() => window.history.replaceState(null, '', '/'));

export function renderWithApi(ui: ReactElement, api: FakeKilnApi = createFakeKilnApi()) {
  const result = render(<KilnApiProvider api={api}>{ui}</KilnApiProvider>);
  return { ...result, api };
}

/** Cloudscape's own test wrapper over the whole document (dropdowns and modals render in portals). */
export function cloudscape() {
  return createWrapper(document.body);
}

/** Picks an option of the Cloudscape Select that carries this data-testid. */
export function selectOption(testId: string, value: string): void {
  const select = cloudscape().findSelect(`[data-testid="${testId}"]`);
  if (!select) throw new Error(`no Select with data-testid="${testId}"`);
  select.openDropdown();
  select.selectOptionByValue(value);
}
