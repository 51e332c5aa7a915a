/**
 * Fleets on AWS's own engines: a preview that checks everything it can before anything exists (the subnets' VPC and
 * zones, a RunInstances DryRun of the image and type, the hosted zone and that the DNS name is free), a creation that
 * records each resource as it is made and, when a step fails, removes what it made in reverse order and says so, and
 * a deletion that scales the group to zero and removes every resource. A fleet a crash left half-made or
 * half-deleted is marked failed at the next start, its remaining resources listed for Delete.
 */
import { randomBytes } from 'node:crypto';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  FleetSpec,
  type FleetCapacity as Capacity,
  type FleetPlan,
  type FleetRecord,
  type FleetResource,
  type FleetSpecInput,
  type FleetStatus,
} from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { checkDnsName } from '../dns/dns-calls';
import { hourlyPrice } from '../pricing/price-snapshot';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { FleetStore } from '../store/fleet-store';
import { checkFleetSpec, planFleet } from './fleet-plan';
import { checkFleetImage, checkFleetPermissions, checkFleetSecurityGroups } from './fleet-preflight';
import type { FleetRecordAccess } from './fleet-record-access';
import { rollOutImage, type RolloutOptions } from './fleet-rollout';
import { scaleFleet, suspendFleetScaling } from './fleet-scaling';
import { createFleetStatusReader } from './fleet-status';
import { deleteFleetResource } from './fleet-deletion';
import { createFleetResource, subnetFacts, type FleetFacts, type FleetStepContext } from './fleet-steps';

export interface FleetServiceDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  store: FleetStore;
  log: (message: string, error?: unknown) => void;
  onRecord?: (record: FleetRecord) => void;
  newId?: () => string;
  now?: () => Date;
  /** How long a deletion waits for AWS (a group's instances, a group's network interfaces); default 10 minutes. */
  deleteWaitMs?: number;
}

export interface FleetService {
  /** What creating the fleet makes and costs; refuses, creating nothing, what AWS would refuse. */
  preview(spec: FleetSpecInput): Promise<FleetPlan>;
  /** Creates the fleet; `fleetId` is the id its preview planned with (a new one when absent). */
  create(spec: FleetSpecInput, options?: { fleetId?: string }): Promise<FleetRecord>;
  list(): Promise<FleetRecord[]>;
  /** How the fleets stand in AWS now (default: every fleet with a group), read in batches per region. */
  status(fleetIds?: readonly string[]): Promise<FleetStatus[]>;
  /** Sets the group's min, desired and max. */
  scale(fleetId: string, capacity: Capacity): Promise<FleetRecord>;
  /** Pauses (or resumes) scaling: the policy's alarms and scheduled actions; unhealthy instances are still replaced. */
  suspendScaling(fleetId: string, suspended: boolean): Promise<FleetRecord>;
  /**
   * Rolls out another image: a new launch template version (the group launches from the latest), then an instance
   * refresh that replaces the running instances a few at a time, keeping `minHealthyPercentage` in service.
   */
  rollout(fleetId: string, imageId: string, options?: RolloutOptions): Promise<FleetRecord>;
  /** Scales to zero and removes every resource of the fleet, newest first; the record goes when all are gone. */
  delete(fleetId: string): Promise<FleetRecord>;
  /** Marks fleets a stopped Kiln left creating or deleting as failed, naming what is left. */
  resume(): Promise<void>;
}

export function createFleetService(deps: FleetServiceDeps): FleetService {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => `fl-${randomBytes(4).toString('hex')}`);
  const readStatus = createFleetStatusReader({ profiles: deps.profiles, clients: deps.clients, now });

  async function save(record: FleetRecord): Promise<FleetRecord> {
    await deps.store.save(record);
    deps.onRecord?.(record);
    return record;
  }

  async function find(fleetId: string): Promise<FleetRecord> {
    const record = (await deps.store.list()).find((f) => f.id === fleetId);
    if (!record) {
      throw new KilnFailure({
        code: 'FleetNotFound',
        message: `There is no fleet ${fleetId} on this workstation.`,
        remedy: 'Refresh the Fleets page.',
      });
    }
    return record;
  }

  async function stepContext(spec: FleetSpec, fleetId: string, created: FleetResource[]): Promise<FleetStepContext> {
    const context = await deps.profiles.get(spec.profileId);
    return { context, clients: deps.clients.get(context, spec.region), spec, fleetId, created };
  }

  const access: FleetRecordAccess = { find, save, stepContext, now };

  async function preflight(spec: FleetSpec, fleetId: string): Promise<{ plan: FleetPlan; facts: FleetFacts }> {
    checkFleetSpec(spec);
    const step = await stepContext(spec, fleetId, []);
    const { vpcId, zones } = await subnetFacts(step);
    if (spec.loadBalancer && zones.size < 2) {
      throw new KilnFailure({
        code: 'LoadBalancerNeedsTwoZones',
        message: 'An Application Load Balancer needs subnets in at least two availability zones. Nothing was created.',
        remedy: 'Add a subnet of another availability zone of the same VPC.',
        field: 'subnetIds',
      });
    }
    await checkFleetSecurityGroups(step, vpcId);
    const rootVolume = await checkFleetImage(step);
    await checkFleetPermissions(step, vpcId, rootVolume);
    if (spec.dns) await checkDnsName(step.context, step.clients.route53, spec.dns);
    return { plan: planFleet(spec, fleetId, hourlyPrice(spec.instanceType)), facts: { vpcId, rootVolume } };
  }

  async function rollBack(step: FleetStepContext, created: FleetResource[]): Promise<FleetResource[]> {
    const left: FleetResource[] = [];
    for (const resource of [...created].reverse()) {
      try {
        await deleteFleetResource({ ...step, waitMs: deps.deleteWaitMs }, resource);
      } catch (error) {
        deps.log(`could not remove ${resource.kind} ${resource.name} of fleet ${step.fleetId}`, error);
        left.unshift(resource);
      }
    }
    return left;
  }

  return {
    async preview(input) {
      return (await preflight(FleetSpec.parse(input), newId())).plan;
    },

    async create(input, options = {}) {
      const spec = FleetSpec.parse(input);
      const taken = options.fleetId && (await deps.store.list()).some((f) => f.id === options.fleetId);
      const fleetId = options.fleetId && !taken ? options.fleetId : newId();
      const { plan, facts } = await preflight(spec, fleetId);
      let record = await save({ id: fleetId, spec, createdAt: now().toISOString(), state: 'creating', resources: [] });
      const created: FleetResource[] = [];
      const step = await stepContext(spec, fleetId, created);
      for (const resource of plan.resources) {
        try {
          created.push({ ...resource, id: await createFleetResource(step, resource, facts) });
        } catch (error) {
          const cause = failureOf(error);
          const left = await rollBack(step, created);
          const removed = created
            .filter((r) => !left.includes(r))
            .reverse()
            .map((r) => `${r.kind} ${r.name}`);
          if (left.length === 0) {
            await deps.store.remove(fleetId);
            throw new KilnFailure({
              ...cause,
              message: `Creating ${resource.kind} ${resource.name} failed: ${cause.message} Kiln removed what it had created, newest first: ${removed.join(', ') || 'nothing'}.`,
            });
          }
          await save({ ...record, state: 'failed', resources: left, error: cause });
          throw new KilnFailure({
            ...cause,
            message: `Creating ${resource.kind} ${resource.name} failed: ${cause.message} Kiln could not remove ${left.map((r) => `${r.kind} ${r.name}`).join(', ')}.`,
            remedy: 'Delete the fleet on the Fleets page to try again; the Cleanup page also finds them by tag.',
          });
        }
        record = await save({ ...record, resources: [...created] });
      }
      const dnsName = await loadBalancerDnsName(step);
      return save({ ...record, state: 'active', dnsName });
    },

    async list() {
      return deps.store.list();
    },

    async status(fleetIds) {
      const fleets = await deps.store.list();
      return readStatus(fleetIds ? fleets.filter((f) => fleetIds.includes(f.id)) : fleets);
    },

    scale(fleetId, capacity) {
      return scaleFleet(access, fleetId, capacity);
    },

    suspendScaling(fleetId, suspended) {
      return suspendFleetScaling(access, fleetId, suspended);
    },

    rollout(fleetId, imageId, options) {
      return rollOutImage(access, fleetId, imageId, options);
    },

    async delete(fleetId) {
      let record = await save({ ...(await find(fleetId)), state: 'deleting', error: undefined });
      const step = await stepContext(record.spec, fleetId, record.resources);
      for (const resource of [...record.resources].reverse()) {
        try {
          await deleteFleetResource({ ...step, waitMs: deps.deleteWaitMs }, resource);
        } catch (error) {
          await save({ ...record, state: 'failed', error: failureOf(error) });
          throw error;
        }
        record = await save({ ...record, resources: record.resources.filter((r) => r !== resource) });
      }
      await deps.store.remove(fleetId);
      const deleted: FleetRecord = { ...record, state: 'deleted' };
      deps.onRecord?.(deleted);
      return deleted;
    },

    async resume() {
      for (const record of await deps.store.list()) {
        if (record.state !== 'creating' && record.state !== 'deleting') continue;
        await save({
          ...record,
          state: 'failed',
          error: {
            code: 'Interrupted',
            message: `Kiln stopped while ${record.state === 'creating' ? 'creating' : 'deleting'} fleet ${record.spec.name}; ${record.resources.length} of its resources exist.`,
            remedy: 'Delete the fleet to remove them, then create it again.',
          },
        });
      }
    },
  };
}

function failureOf(error: unknown): KilnError {
  if (error instanceof KilnFailure) return error.error;
  return { code: 'Error', message: error instanceof Error ? error.message : String(error) };
}

async function loadBalancerDnsName(step: FleetStepContext): Promise<string | undefined> {
  const arn = step.created.find((r) => r.kind === 'load-balancer')?.id;
  if (!arn) return undefined;
  const out = await awsCall(step.context, 'read the load balancer', () =>
    step.clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })),
  );
  return out.LoadBalancers?.[0]?.DNSName;
}
