/** Renders a renderer component under a KilnApiProvider with the fake transport. */
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { KilnApiProvider } from '../../../renderer/src/common/api-context';
import { createFakeKilnApi, type FakeKilnApi } from '../../support/fake-kiln-api';

// Testing Library turns React's act environment on from a global beforeAll, which vitest (no globals) lacks.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Cloudscape's Flashbar starts an entering-animation timer it never cancels; let it fire while the DOM still
// exists, or it runs after the environment is torn down and React reports `window is not defined`.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 400)));

// The app loads its pages, the console and Connect on demand (React.lazy). Vite transforms a module on its first
// import, which can take seconds on a busy machine: load them once up front, so a test waits for the page it opened,
// not for the compiler.
beforeAll(async () => {
  await Promise.all([
    import('../../../renderer/src/launch-wizard/launch-wizard'),
    import('../../../renderer/src/launch-detail/launch-detail-view'),
    import('../../../renderer/src/launch-detail/console/live-console'),
    import('../../../renderer/src/launch-detail/connect/connect-tab'),
    import('../../../renderer/src/images/images-view'),
    import('../../../renderer/src/cleanup/orphans-view'),
    import('../../../renderer/src/inventory/inventory-view'),
  ]);
});

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
