/** The fake backend's fleets.* commands: fleets kept in memory, planned by the real (pure) fleet plan. */
import { type CommandHandlers } from '../../electron/common/contract';
import { FleetCapacity, FleetSpec, type FleetRecord } from '../../electron/common/models';
import { ok } from '../../electron/common/result';
import { planFleet } from '../../electron/core/fleets/fleet-plan';
import type { FakeData } from './fake-data';
import { notFound, type Emit } from './fake-shared';

type FleetCommand =
  | 'fleets.preview'
  | 'fleets.create'
  | 'fleets.list'
  | 'fleets.status'
  | 'fleets.scale'
  | 'fleets.rollout'
  | 'fleets.suspendScaling'
  | 'fleets.delete';

/** What one instance costs per hour in the fake price list's absence. */
const FAKE_HOURLY = 0.0104;

export function fleetHandlers(data: FakeData, emit: Emit): Pick<CommandHandlers, FleetCommand> {
  let nextId = 1;
  const fleets = () => (data.fleets ??= []);
  const missing = (fleetId: string) =>
    notFound('FleetNotFound', `There is no fleet ${fleetId} on this workstation.`, 'Refresh the Fleets page.');
  return {
    'fleets.preview': async ({ spec }) =>
      ok(planFleet(FleetSpec.parse(spec), `fl-${nextId.toString(16).padStart(8, '0')}`, FAKE_HOURLY)),
    'fleets.create': async ({ spec, fleetId }) => {
      const parsed = FleetSpec.parse(spec);
      const id = fleetId ?? `fl-${(nextId++).toString(16).padStart(8, '0')}`;
      const plan = planFleet(parsed, id, FAKE_HOURLY);
      const record: FleetRecord = {
        id,
        spec: parsed,
        createdAt: new Date().toISOString(),
        state: 'active',
        resources: plan.resources.map((r, i) => ({ ...r, id: `${r.kind}-${i}` })),
      };
      fleets().push(record);
      emit('fleets.updated', record);
      return ok(record);
    },
    'fleets.list': async () => ok(fleets()),
    // Every instance of the desired capacity in service and healthy, no activities yet.
    'fleets.status': async ({ fleetIds }) =>
      ok(
        fleets()
          .filter((f) => !fleetIds || fleetIds.includes(f.id))
          .map((f) => ({
            fleetId: f.id,
            capacity: f.spec.capacity,
            inService: f.spec.capacity.desired,
            pending: 0,
            unhealthy: 0,
            instances: Array.from({ length: f.spec.capacity.desired }, (_, i) => ({
              instanceId: `i-0f1ee7${String(i).padStart(11, '0')}`,
              lifecycleState: 'InService',
              health: 'Healthy',
              zone: 'us-east-1a',
              templateVersion: '1',
            })),
            activities: [],
            alarms: [],
            cpu: [],
            scalingSuspended: f.scalingSuspended ?? false,
            missing: false,
          })),
      ),
    'fleets.scale': async ({ fleetId, capacity }) => {
      const index = fleets().findIndex((f) => f.id === fleetId);
      const current = fleets()[index];
      if (!current) return missing(fleetId);
      const next = { ...current, spec: { ...current.spec, capacity: FleetCapacity.parse(capacity) } };
      fleets()[index] = next;
      emit('fleets.updated', next);
      return ok(next);
    },
    'fleets.suspendScaling': async ({ fleetId, suspended }) => {
      const index = fleets().findIndex((f) => f.id === fleetId);
      const current = fleets()[index];
      if (!current) return missing(fleetId);
      const next: FleetRecord = { ...current, scalingSuspended: suspended };
      fleets()[index] = next;
      emit('fleets.updated', next);
      return ok(next);
    },
    'fleets.rollout': async ({ fleetId, imageId }) => {
      const index = fleets().findIndex((f) => f.id === fleetId);
      const current = fleets()[index];
      if (!current) return missing(fleetId);
      const next: FleetRecord = {
        ...current,
        spec: { ...current.spec, imageId },
        rollout: {
          imageId,
          templateVersion: '2',
          refreshId: `refresh-${nextId++}`,
          startedAt: new Date().toISOString(),
        },
      };
      fleets()[index] = next;
      emit('fleets.updated', next);
      return ok(next);
    },
    'fleets.delete': async ({ fleetId }) => {
      const current = fleets().find((f) => f.id === fleetId);
      if (!current) return missing(fleetId);
      data.fleets = fleets().filter((f) => f.id !== fleetId);
      const deleted: FleetRecord = { ...current, state: 'deleted', resources: [] };
      emit('fleets.updated', deleted);
      return ok(deleted);
    },
  };
}
