/** What the fleet service hands the modules that change an existing fleet: read a record, save one, and AWS clients. */
import type { FleetRecord, FleetResource, FleetSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { FleetStepContext } from './fleet-steps';

export interface FleetRecordAccess {
  /** The fleet's record; a FleetNotFound failure when this workstation has none. */
  find(fleetId: string): Promise<FleetRecord>;
  /** Stores the record and tells the UI. */
  save(record: FleetRecord): Promise<FleetRecord>;
  stepContext(spec: FleetSpec, fleetId: string, created: FleetResource[]): Promise<FleetStepContext>;
  now(): Date;
}

/** The fleet's resource of `kind`, when the fleet is active and has it; else a FleetNotActive failure saying `what`. */
export function activeResource(
  record: FleetRecord,
  kind: FleetResource['kind'],
  what: string,
): FleetResource & { id: string } {
  const resource = record.resources.find((r) => r.kind === kind);
  if (record.state !== 'active' || !resource?.id) {
    throw new KilnFailure({
      code: 'FleetNotActive',
      message: `Fleet ${record.spec.name} is ${record.state}: ${what}.`,
      remedy: 'Wait until it is active, or delete it.',
    });
  }
  return { ...resource, id: resource.id };
}
