/** Select (and Multiselect) props that show a query's loading and error states inside the dropdown, with Retry. */
import type { SelectProps } from '@cloudscape-design/components/select';
import type { QueryState } from './use-command';

export function selectStatus(
  query: QueryState<unknown>,
  what: string,
): Pick<SelectProps, 'statusType' | 'loadingText' | 'errorText' | 'recoveryText' | 'onLoadItems'> {
  return {
    statusType: query.loading ? 'loading' : query.error ? 'error' : 'finished',
    loadingText: `Loading ${what}`,
    errorText: query.error?.message,
    recoveryText: 'Retry',
    onLoadItems: (event) => {
      // samePage is set when the operator clicks Retry in the dropdown's error state.
      if (event.detail.samePage) query.reload();
    },
  };
}
