/**
 * What a fleet is made of (pure): the AWS resources in the order they are created, their names, what each is for,
 * the cost per hour at min and at max, and the order Delete removes them in. The service creates exactly this list.
 */
import type { FleetPlan, FleetResource, FleetSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';

/** An Application Load Balancer's hourly charge in us-east-1 (LCUs aside), USD; the review says it is an estimate. */
export const ALB_HOURLY_USD = 0.0225;

/** Names of a fleet's resources: `kiln-<id>-<name>` within the 32 characters load balancers and target groups allow. */
export function fleetResourceName(fleetId: string, name: string, suffix = ''): string {
  const base = `kiln-${fleetId.replace(/^fl-/, '')}-${name}`;
  return `${base.slice(0, 32 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** Refuses what the schema cannot see: a load balancer open to everyone without the confirmation. */
export function checkFleetSpec(spec: FleetSpec): void {
  checkFleetDns(spec);
  const lb = spec.loadBalancer;
  if (lb && lb.allowedCidr === '0.0.0.0/0' && !lb.confirmOpenToWorld) {
    throw new KilnFailure({
      code: 'OpenToWorldNotConfirmed',
      message: 'The load balancer would be open to every address on the internet (0.0.0.0/0). Nothing was created.',
      remedy: 'Confirm that the fleet should be public, or allow only your own address (My IP).',
      field: 'loadBalancer.allowedCidr',
    });
  }
}

/** Refuses a DNS name without a load balancer: a group's instances come and go, the alias needs one stable target. */
export function checkFleetDns(spec: FleetSpec): void {
  if (spec.dns && !spec.loadBalancer) {
    throw new KilnFailure({
      code: 'DnsNeedsLoadBalancer',
      message: 'A fleet gets a DNS name through its load balancer, and this fleet has none. Nothing was created.',
      remedy: 'Add a load balancer, or leave the DNS name out.',
      field: 'dns',
    });
  }
}

/** The ports the load balancer reaches the instances on: the instance port, and the health check's when it differs. */
export function instancePortsOf(spec: FleetSpec): number[] {
  const check = spec.loadBalancer?.healthCheckPort;
  return check === undefined || check === spec.instancePort ? [spec.instancePort] : [spec.instancePort, check];
}

const portWords = (ports: number[]) => (ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(' and ')}`);

export function planFleet(spec: FleetSpec, fleetId: string, hourlyPrice: number | undefined): FleetPlan {
  const name = (suffix = '') => fleetResourceName(fleetId, spec.name, suffix);
  const lb = spec.loadBalancer;
  const resources: FleetResource[] = [];
  if (lb) {
    resources.push({
      kind: 'security-group',
      name: name('-lb'),
      purpose: `Lets ${lb.allowedCidr} reach the load balancer on port ${lb.listenerPort}.`,
    });
  }
  const extraGroups = spec.securityGroupIds ?? [];
  resources.push({
    kind: 'security-group',
    name: name(),
    purpose: lb
      ? `Lets the load balancer reach the instances on ${portWords(instancePortsOf(spec))}.`
      : extraGroups.length > 0
        ? 'The instances’ own group (no inbound rules: your groups let clients in).'
        : 'The instances’ own group (no inbound rules: add your own groups to reach them).',
  });
  resources.push({
    kind: 'launch-template',
    name: name(),
    purpose: `What each instance is: ${launchTemplateParts(spec).join(', ')}.`,
  });
  if (lb) {
    resources.push(
      {
        kind: 'target-group',
        name: name(),
        purpose:
          `The instances on port ${spec.instancePort}, healthy when ${lb.healthCheckPath}` +
          `${lb.healthCheckPort === undefined ? '' : ` on port ${lb.healthCheckPort}`} answers 200.`,
      },
      { kind: 'load-balancer', name: name(), purpose: 'An internet-facing Application Load Balancer.' },
      {
        kind: 'listener',
        name: `${name()}:${lb.listenerPort}`,
        purpose: `HTTP on port ${lb.listenerPort}, forwarded to the target group.`,
      },
    );
  }
  resources.push({
    kind: 'auto-scaling-group',
    name: name(),
    purpose: `Keeps ${spec.capacity.min}–${spec.capacity.max} instances (now ${spec.capacity.desired}) across ${spec.subnetIds.length} subnet(s)${lb ? ', replacing those the load balancer finds unhealthy' : ''}.`,
  });
  if (spec.cpuTarget !== null) {
    resources.push({
      kind: 'scaling-policy',
      name: name('-cpu'),
      purpose: `Target tracking: adds or removes instances to keep average CPU near ${spec.cpuTarget} %.`,
    });
  }
  if (spec.dns) {
    resources.push({
      kind: 'dns-record',
      name: spec.dns.recordName.replace(/\.$/, ''),
      purpose: `An alias (A) record in ${spec.dns.hostedZoneId} for the ${lb ? 'load balancer' : 'fleet'}.`,
    });
  }
  const lbHourly = lb ? ALB_HOURLY_USD : 0;
  const cost = (count: number) => (hourlyPrice === undefined ? null : round(count * hourlyPrice + lbHourly));
  return {
    fleetId,
    resources,
    costPerHour: { atMin: cost(spec.capacity.min), atMax: cost(spec.capacity.max) },
    deleteOrder: [...resources].reverse().map((r) => `${r.kind} ${r.name}`),
  };
}

/** The launch template's contents in words, for its purpose in the review. */
function launchTemplateParts(spec: FleetSpec): string[] {
  const groups = spec.securityGroupIds ?? [];
  const storage = spec.storage;
  return [
    spec.imageId,
    spec.instanceType,
    ...(spec.keyName ? [`key pair ${spec.keyName}`] : []),
    ...(spec.instanceProfile ? [`instance profile ${spec.instanceProfile}`] : []),
    ...(groups.length > 0 ? [`also in ${groups.join(', ')}`] : []),
    ...(storage
      ? [
          `a ${storage.rootVolumeSizeGiB === undefined ? 'root volume of the image’s size' : `${storage.rootVolumeSizeGiB} GiB root volume`} (${storage.volumeType}, ${storage.encrypted ? 'encrypted' : 'not encrypted'})`,
        ]
      : []),
    'IMDSv2 only',
    ...(spec.userData ? ['your user data'] : []),
  ];
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
