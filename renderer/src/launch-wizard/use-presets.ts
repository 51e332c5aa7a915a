/** The saved presets, and saving and deleting them; the list reloads after every change. */
import { useCallback } from 'react';
import type { LaunchSpecInput } from '../../../electron/common/models';
import type { Preset } from '../../../electron/common/saved-spec';
import type { Result } from '../../../electron/common/result';
import { useCommand, useQuery, type CommandState, type QueryState } from '../common/use-command';

export interface PresetsState {
  list: QueryState<Preset[]>;
  save(name: string, spec: LaunchSpecInput, replace: boolean): Promise<Result<Preset>>;
  remove(name: string): Promise<Result<{ deleted: boolean }>>;
  saving: CommandState<'presets.save'>;
  removing: CommandState<'presets.delete'>;
}

export function usePresets(): PresetsState {
  const list = useQuery('presets.list', {});
  const saving = useCommand('presets.save');
  const removing = useCommand('presets.delete');
  const { reload } = list;
  const { run: runSave } = saving;
  const { run: runRemove } = removing;

  const save = useCallback(
    async (name: string, spec: LaunchSpecInput, replace: boolean) => {
      const result = await runSave({ name, spec, replace });
      if (result.ok) reload();
      return result;
    },
    [runSave, reload],
  );
  const remove = useCallback(
    async (name: string) => {
      const result = await runRemove({ name });
      if (result.ok) reload();
      return result;
    },
    [runRemove, reload],
  );
  return { list, save, remove, saving, removing };
}
