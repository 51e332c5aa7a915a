/**
 * Fleets: many instances of one image on AWS's own engines. A fleet is a launch template, an Auto Scaling group with
 * an optional target-tracking CPU policy, optionally an Application Load Balancer in front and a Route 53 alias for it.
 */
import { z } from 'zod';
import { StorageChoice } from './launch-spec';
import { DnsName } from './dns';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 CIDR block whose octets and prefix are in range. */
export const Ipv4Cidr = z
  .string()
  .trim()
  .refine((text) => {
    const match = CIDR.exec(text);
    if (!match) return false;
    const [, a, b, c, d, prefix] = match.map(Number);
    return [a, b, c, d].every((octet) => octet !== undefined && octet <= 255) && prefix !== undefined && prefix <= 32;
  }, 'Type an IPv4 CIDR block such as 203.0.113.7/32.');

export const FleetName = z
  .string()
  .trim()
  .min(1, 'Name the fleet.')
  .max(32, 'A fleet name has at most 32 characters (it names the load balancer too).')
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'Use letters, digits and inner hyphens only.');

export const FleetCapacity = z
  .object({
    min: z.number().int().min(0).max(100),
    desired: z.number().int().min(0).max(100),
    max: z.number().int().min(1, 'The maximum is at least 1.').max(100, 'Kiln makes fleets of at most 100 instances.'),
  })
  .refine((c) => c.min <= c.desired && c.desired <= c.max, {
    message: 'Capacity must satisfy min ≤ desired ≤ max.',
    path: ['desired'],
  });
export type FleetCapacity = z.infer<typeof FleetCapacity>;

export const FleetLoadBalancer = z.object({
  /** The path the target group's health check requests (the instances must answer it with 200). */
  healthCheckPath: z
    .string()
    .trim()
    .regex(/^\/[\x21-\x7e]*$/, 'A health check path starts with / and has no spaces.')
    .max(1024)
    .default('/ping'),
  /** The port the health check requests; without it, the instance port (the target group's traffic port). */
  healthCheckPort: z.number().int().min(1).max(65_535).optional(),
  /** The port the load balancer listens on (HTTP). */
  listenerPort: z.number().int().min(1).max(65_535).default(80),
  /** Who may reach the load balancer; 0.0.0.0/0 needs `confirmOpenToWorld`, as in the wizard. */
  allowedCidr: Ipv4Cidr,
  confirmOpenToWorld: z.boolean().default(false),
});
export type FleetLoadBalancer = z.infer<typeof FleetLoadBalancer>;

/** A fleet's DNS name: an alias record for its load balancer (the same schema as a launch's). */
export const FleetDns = DnsName;
export type FleetDns = DnsName;

export const FleetSpec = z.object({
  profileId: z.string().min(1),
  region: z.string().min(1),
  name: FleetName,
  imageId: z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'Choose an AMI (ami-…).'),
  instanceType: z.string().min(1),
  /** Subnets of one VPC, ideally in several availability zones; the load balancer needs two zones. */
  subnetIds: z.array(z.string().min(1)).min(1, 'Choose at least one subnet.').max(16),
  /** The port the instances serve on; the load balancer forwards to it. */
  instancePort: z.number().int().min(1).max(65_535).default(80),
  keyName: z.string().min(1).optional(),
  /**
   * Existing security groups of the subnets' VPC, attached beside the fleet's own group (AWS allows 5 per instance,
   * and the fleet's own group is one of them).
   */
  securityGroupIds: z
    .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'A security group id looks like sg-0123456789abcdef0.'))
    .max(4, 'Choose at most 4 security groups (the fleet adds its own, and AWS allows 5 per instance).')
    .optional(),
  /** IAM instance profile name or ARN, when the instances need one (the wizard's rule). */
  instanceProfile: z
    .string()
    .trim()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/.+$|^[\w+=,.@-]{1,128}$/,
      'Type an instance profile name (e.g. kiln-builder) or its ARN.',
    )
    .optional(),
  /** The root volume, as the wizard's Storage step has it; without it the image's own volume is used. */
  storage: StorageChoice.optional(),
  /** Last-mile configuration, run at each instance's boot (user data, at most 16 KB). */
  userData: z.string().max(16_384, 'User data has at most 16 KB.').optional(),
  capacity: FleetCapacity,
  /** Target-tracking on the group's average CPU (%), or null for no scaling policy. */
  cpuTarget: z.number().min(10).max(95).nullable().default(80),
  loadBalancer: FleetLoadBalancer.optional(),
  dns: FleetDns.optional(),
});
export type FleetSpec = z.infer<typeof FleetSpec>;
export type FleetSpecInput = z.input<typeof FleetSpec>;

export const FleetResourceKind = z.enum([
  'security-group',
  'launch-template',
  'target-group',
  'load-balancer',
  'listener',
  'auto-scaling-group',
  'scaling-policy',
  'dns-record',
]);
export type FleetResourceKind = z.infer<typeof FleetResourceKind>;

/** One resource of a fleet: what it is, its name, and its id once it exists. */
export const FleetResource = z.object({
  kind: FleetResourceKind,
  name: z.string(),
  /** Id or ARN once created. */
  id: z.string().optional(),
  /** What it is for, in a sentence (the review lists it). */
  purpose: z.string(),
});
export type FleetResource = z.infer<typeof FleetResource>;

/** What creating the fleet will make and cost, before anything is made. */
export const FleetPlan = z.object({
  fleetId: z.string(),
  resources: z.array(FleetResource),
  /** Cost per hour of the instances (and load balancer) at min and at max capacity, USD; null without a price. */
  costPerHour: z.object({ atMin: z.number().nullable(), atMax: z.number().nullable() }),
  /** What Delete removes, in order. */
  deleteOrder: z.array(z.string()),
});
export type FleetPlan = z.infer<typeof FleetPlan>;

export const FleetState = z.enum(['creating', 'active', 'failed', 'deleting', 'deleted']);
export type FleetState = z.infer<typeof FleetState>;

/** A fleet as this workstation keeps it: its spec, the resources that exist, and where it stands. */
export const FleetRecord = z.object({
  id: z.string(),
  spec: FleetSpec,
  createdAt: z.string(),
  state: FleetState,
  resources: z.array(FleetResource),
  /** The load balancer's DNS name, when it has one. */
  dnsName: z.string().optional(),
  /** Scaling paused by the operator (the group keeps its capacity). */
  scalingSuspended: z.boolean().optional(),
  /** The latest rollout of a new image: its launch template version and instance refresh. */
  rollout: z
    .object({ imageId: z.string(), templateVersion: z.string(), refreshId: z.string(), startedAt: z.string() })
    .optional(),
  error: z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() }).optional(),
});
export type FleetRecord = z.infer<typeof FleetRecord>;

/** One instance of a fleet's group as Auto Scaling (and the load balancer) see it. */
export const FleetInstance = z.object({
  instanceId: z.string(),
  /** Auto Scaling's lifecycle state: `Pending`, `InService`, `Terminating`… */
  lifecycleState: z.string(),
  /** Auto Scaling's health (`Healthy` / `Unhealthy`), and the load balancer's target health when there is one. */
  health: z.string(),
  targetHealth: z.string().optional(),
  zone: z.string().optional(),
  /** The launch template version it was launched from. */
  templateVersion: z.string().optional(),
});
export type FleetInstance = z.infer<typeof FleetInstance>;

export const FleetActivity = z.object({
  at: z.string(),
  status: z.string(),
  description: z.string(),
  cause: z.string().optional(),
});
export type FleetActivity = z.infer<typeof FleetActivity>;

/** A rolling replacement of the fleet's instances (an instance refresh) and how far it got. */
export const FleetRefresh = z.object({
  id: z.string(),
  status: z.string(),
  percentage: z.number().min(0).max(100),
  startedAt: z.string().optional(),
  reason: z.string().optional(),
});
export type FleetRefresh = z.infer<typeof FleetRefresh>;

/** A fleet as AWS reports it now, read for all fleets of a region together. */
export const FleetStatus = z.object({
  fleetId: z.string(),
  capacity: z.object({ min: z.number().int(), desired: z.number().int(), max: z.number().int() }).optional(),
  inService: z.number().int(),
  pending: z.number().int(),
  unhealthy: z.number().int(),
  instances: z.array(FleetInstance),
  /** Newest first, at most 10. */
  activities: z.array(FleetActivity),
  /** The alarms of its target-tracking policy (made by Auto Scaling). */
  alarms: z.array(
    z.object({
      name: z.string(),
      state: z.string(),
      /** CloudWatch's words for the last change of state. */
      reason: z.string().optional(),
      updatedAt: z.string().optional(),
    }),
  ),
  /** Average CPU of the group over the last hours, oldest first. */
  cpu: z.array(z.object({ at: z.string(), value: z.number() })),
  refresh: FleetRefresh.optional(),
  /** Scaling paused: the policy's alarms and scheduled actions do not change the capacity (health replacement goes on). */
  scalingSuspended: z.boolean().default(false),
  /** The group no longer exists in AWS (deleted outside Kiln). */
  missing: z.boolean().default(false),
  readError: z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() }).optional(),
});
export type FleetStatus = z.infer<typeof FleetStatus>;
