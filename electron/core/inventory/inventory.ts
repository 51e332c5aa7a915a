/**
 * The inventory: everything Kiln manages in a profile's regions, read from AWS tags (`kiln:created-by` = `kiln`, the
 * tag on everything Kiln creates), so two operators of one account see the same list whatever their workstations
 * remember. Per region: one paginated Resource Groups Tagging API GetResources for what it covers, DescribeKeyPairs
 * and DLM GetLifecyclePolicies for what it does not, then one batched Describe per kind for state, age and cost;
 * fleets' own resources (groups, templates, load balancers…) with one Describe per kind. Launches and fleets get a row
 * each, summing what they own.
 * Buckets are global: each is listed once. A region or kind that cannot be read is a problem on the answer, never a
 * failure of the whole inventory.
 */
import { GetLifecyclePoliciesCommand, GetLifecyclePolicyCommand } from '@aws-sdk/client-dlm';
import { DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, type ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  INVENTORY_KIND_LABELS,
  type Inventory,
  type InventoryKind,
  type InventoryProblem,
  type InventoryRow,
} from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool, type AwsClients } from '../aws/clients';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE, KILN_LAUNCH_ID_TAG } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { fleetResourceRows } from './fleet-resource-rows';
import {
  arnTarget,
  FLEET_KINDS,
  fleetRows,
  launchRows,
  ownerFleetId,
  ownerLaunchId,
  sortRows,
  tagOf,
  TAGGING_KINDS,
  TAGGING_RESOURCE_TYPES,
  type ArnTarget,
  type TagList,
} from './inventory-rows';
import { describeResources } from './resource-details';

export interface InventoryDeps {
  clients: AwsClientPool;
  /** Launch ids this workstation has a record of (any phase). */
  knownLaunchIds: () => ReadonlySet<string>;
  /** Fleets this workstation has a record of (fleets.json): id → name. Default none. */
  knownFleets?: () => Promise<ReadonlyMap<string, string>>;
  now?: () => Date;
}

export interface InventoryService {
  list(context: ProfileContext, regions: readonly string[]): Promise<Inventory>;
}

/** A resource the Tagging API named, before its details are read. */
interface Tagged extends ArnTarget {
  arn: string;
  region: string;
  tags: TagList;
}

export function createInventory(deps: InventoryDeps): InventoryService {
  const now = deps.now ?? (() => new Date());

  async function taggedResources(context: ProfileContext, clients: AwsClients): Promise<Tagged[]> {
    const found: Tagged[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await awsCall(context, `list the Kiln-tagged resources in ${clients.region}`, () =>
        clients.tagging.send(
          new GetResourcesCommand({
            TagFilters: [{ Key: KILN_CREATED_BY_TAG, Values: [KILN_CREATED_BY_VALUE] }],
            ResourceTypeFilters: [...TAGGING_RESOURCE_TYPES],
            ResourcesPerPage: 100,
            PaginationToken,
          }),
        ),
      );
      for (const mapping of page.ResourceTagMappingList ?? []) {
        const target = toTagged(mapping, clients.region);
        if (target) found.push(target);
      }
      PaginationToken = page.PaginationToken || undefined;
    } while (PaginationToken);
    return found;
  }

  async function keyPairRows(context: ProfileContext, clients: AwsClients): Promise<InventoryRow[]> {
    const out = await awsCall(context, `list the Kiln key pairs in ${clients.region}`, () =>
      clients.ec2.send(
        new DescribeKeyPairsCommand({
          Filters: [{ Name: `tag:${KILN_CREATED_BY_TAG}`, Values: [KILN_CREATED_BY_VALUE] }],
        }),
      ),
    );
    return (out.KeyPairs ?? []).map((key) =>
      row(
        { kind: 'key-pair', id: key.KeyName!, region: clients.region, tags: key.Tags },
        {
          createdAt: key.CreateTime?.toISOString(),
          detail: [key.KeyType, key.KeyPairId].filter(Boolean).join(' '),
          costPerDay: 0,
          costBasis: 'free',
        },
      ),
    );
  }

  /**
   * Kiln's snapshot schedules: policies whose own tags say Kiln made them (the list's summaries carry them). Each one
   * is then read for its creation time, its ARN and, when its tags do not name its launch, the launch its target tags
   * select (`kiln:launch-id` on the volumes); a policy that cannot be read is listed from its summary.
   */
  async function policyRows(context: ProfileContext, clients: AwsClients): Promise<InventoryRow[]> {
    const out = await awsCall(context, `list the snapshot policies in ${clients.region}`, () =>
      clients.dlm.send(new GetLifecyclePoliciesCommand({})),
    );
    const kiln = (out.Policies ?? []).filter((p) => p.Tags?.[KILN_CREATED_BY_TAG] === KILN_CREATED_BY_VALUE);
    return Promise.all(
      kiln.map(async (summary) => {
        const policy = await clients.dlm
          .send(new GetLifecyclePolicyCommand({ PolicyId: summary.PolicyId }))
          .then((answer) => answer.Policy)
          .catch(() => undefined);
        const tags = Object.entries(summary.Tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
        const target = policy?.PolicyDetails?.TargetTags?.find((t) => t.Key === KILN_LAUNCH_ID_TAG);
        if (!tagOf(tags, KILN_LAUNCH_ID_TAG) && target?.Value)
          tags.push({ Key: KILN_LAUNCH_ID_TAG, Value: target.Value });
        return row(
          { kind: 'policy', id: summary.PolicyId!, region: clients.region, tags, arn: policy?.PolicyArn },
          {
            state: summary.State,
            createdAt: policy?.DateCreated ? new Date(policy.DateCreated).toISOString() : undefined,
            detail: summary.Description,
            costPerDay: 0,
            costBasis: 'free',
          },
        );
      }),
    );
  }

  function row(
    base: { kind: InventoryKind; id: string; region: string; tags: TagList; arn?: string },
    details: Omit<InventoryRow, 'kind' | 'id' | 'region' | 'knownHere'> & { region?: string },
  ): InventoryRow {
    const launchId = ownerLaunchId(base.tags);
    return {
      kind: base.kind,
      id: base.id,
      arn: base.arn,
      name: tagOf(base.tags, 'Name') ?? details.name,
      region: details.region ?? base.region,
      launchId,
      fleetId: ownerFleetId(base.tags),
      // Set once the whole inventory is read, against one snapshot of this workstation's launches.
      knownHere: false,
      createdAt: details.createdAt,
      state: details.state,
      detail: details.detail,
      costPerDay: details.costPerDay,
      costBasis: details.costBasis,
    };
  }

  /** Rows for what the Tagging API named, with the details of those that still exist. */
  async function detailedRows(
    context: ProfileContext,
    clients: AwsClients,
    tagged: readonly Tagged[],
    problems: InventoryProblem[],
  ): Promise<InventoryRow[]> {
    const kinds = [...new Set(tagged.map((t) => t.kind))];
    const perKind = await Promise.all(
      kinds.map(async (kind) => {
        const ofKind = tagged.filter((t) => t.kind === kind);
        try {
          const details = await describeResources(
            context,
            clients,
            kind,
            ofKind.map((t) => t.id),
          );
          return ofKind.flatMap((t) => {
            const found = details.get(t.id);
            return found ? [row(t, found)] : [];
          });
        } catch (error) {
          // The tags say they exist: list them without state, age and cost rather than not at all.
          problems.push(problemOf(clients.region, [kind], error, 'are listed without state, age and cost'));
          return ofKind.map((t) => row(t, { costPerDay: null, costBasis: 'unknown' }));
        }
      }),
    );
    return perKind.flat();
  }

  /** What one region holds: Tagging API names (details not read yet), key pairs and policies; problems. */
  async function readRegion(context: ProfileContext, region: string) {
    const clients = deps.clients.get(context, region);
    const problems: InventoryProblem[] = [];
    const attempt = async <T>(kinds: InventoryKind[], read: () => Promise<T[]>): Promise<T[]> => {
      try {
        return await read();
      } catch (error) {
        problems.push(problemOf(region, kinds, error, 'could not be read'));
        return [];
      }
    };
    const [tagged, keys, policies, fleetOwn] = await Promise.all([
      attempt([...TAGGING_KINDS], () => taggedResources(context, clients)),
      attempt(['key-pair'], () => keyPairRows(context, clients)),
      // The DLM endpoint may not answer (a sandbox without its stand-in, a partition without DLM): only the policies
      // of that region are missing then.
      attempt(['policy'], () => policyRows(context, clients)),
      attempt([...FLEET_KINDS], () => fleetResourceRows(context, clients)),
    ]);
    const fleetOwnRows = fleetOwn.map((r) => ({ ...r, knownHere: false }));
    return { clients, tagged, rows: [...keys, ...policies, ...fleetOwnRows], problems };
  }

  return {
    async list(context, regions) {
      const read = await Promise.all(regions.map((region) => readRegion(context, region)));
      // S3 is global and every region's answer may name a bucket (moto names every bucket everywhere): each bucket
      // is listed once, in the first region (in the profile's order) that named it.
      const seenBuckets = new Set<string>();
      for (const region of read) {
        region.tagged = region.tagged.filter((t) => {
          if (t.kind !== 'bucket') return true;
          if (seenBuckets.has(t.id)) return false;
          seenBuckets.add(t.id);
          return true;
        });
      }
      const detailed = await Promise.all(read.map((r) => detailedRows(context, r.clients, r.tagged, r.problems)));
      const known = deps.knownLaunchIds();
      const fleets = (await deps.knownFleets?.()) ?? new Map<string, string>();
      const rows = [...read.flatMap((r) => r.rows), ...detailed.flat()].map((row) => ({
        ...row,
        knownHere:
          (row.launchId !== undefined && known.has(row.launchId)) ||
          (row.fleetId !== undefined && fleets.has(row.fleetId)),
      }));
      return {
        profileId: context.profile.id,
        readAt: now().toISOString(),
        regions: [...regions],
        rows: sortRows([...launchRows(rows, (id) => known.has(id)), ...fleetRows(rows, fleets), ...rows]),
        problems: read.flatMap((r) => r.problems),
      };
    },
  };
}

function toTagged(mapping: ResourceTagMapping, region: string): Tagged | undefined {
  const arn = mapping.ResourceARN;
  const target = arn ? arnTarget(arn) : undefined;
  return target && arn ? { ...target, arn, region, tags: mapping.Tags } : undefined;
}

function problemOf(region: string, kinds: InventoryKind[], error: unknown, what: string): InventoryProblem {
  const failure = error instanceof KilnFailure ? error.error : undefined;
  // The first line only: an SDK that could not parse an answer appends a paragraph about its hidden fields.
  const cause = (failure?.message ?? (error instanceof Error ? error.message : String(error))).split('\n')[0];
  const names = kinds.map((k) => INVENTORY_KIND_LABELS[k].many.toLowerCase()).join(', ');
  const dlm = kinds.length === 1 && kinds[0] === 'policy';
  return {
    region,
    kinds,
    message: `The ${names} in ${region} ${what}: ${cause}`,
    remedy: dlm
      ? 'Everything else is listed. Where Data Lifecycle Manager does not answer (a local sandbox without its DLM stand-in, or no dlm:GetLifecyclePolicies permission), Kiln cannot see snapshot schedules.'
      : failure?.remedy,
  };
}
