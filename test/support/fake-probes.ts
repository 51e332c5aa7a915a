/** The fake KilnApi's health probes: states and 24 h histories from the test's data, probes saved on the record. */
import type { CommandHandlers } from '../../electron/common/contract';
import { launchHealth, type LaunchProbes } from '../../electron/common/models';
import { ok } from '../../electron/common/result';
import { changeLaunch, type Emit } from './fake-shared';
import type { FakeData } from './fake-data';

type ProbeHandlers = Pick<CommandHandlers, 'health.probes.set' | 'health.probes.list' | 'health.probes.history'>;

export function probeHandlers(data: FakeData, emit: Emit): ProbeHandlers {
  const probes = (data.probes ??= {});
  return {
    // Saved as given (the contract has checked them), each new probe pending until a test emits its state.
    'health.probes.set': async ({ launchId, probes: list }) => {
      let next = 0;
      const withIds = list.map((p) => ({ ...p, id: p.id ?? `new-${++next}` }));
      const changed = changeLaunch(data, launchId, (r) => ({
        ...r,
        spec: { ...r.spec, probes: withIds.length > 0 ? withIds : undefined },
      }));
      if (!changed.ok) return changed;
      const before = probes[launchId]?.probes ?? [];
      const statuses = withIds.map(
        (probe) => before.find((s) => s.probe.id === probe.id) ?? { probe, state: 'pending' as const },
      );
      const launch: LaunchProbes = { launchId, health: launchHealth(statuses.map((s) => s.state)), probes: statuses };
      probes[launchId] = launch;
      emit('launch.updated', changed.value);
      return ok(launch);
    },
    'health.probes.list': async ({ launchIds }) =>
      ok(
        (launchIds ?? Object.keys(probes)).map(
          (launchId) => probes[launchId] ?? { launchId, health: 'none' as const, probes: [] },
        ),
      ),
    'health.probes.history': async ({ launchId }) => ok(data.probeHistory?.[launchId] ?? { launchId, probes: [] }),
  };
}
