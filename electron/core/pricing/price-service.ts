/**
 * On-demand Linux prices per instance type for a region: from the AWS Pricing API (GetProducts, us-east-1),
 * cached in memory per profile and region for a day; where the API cannot be used (not reachable, not allowed, the
 * sandbox), from the bundled snapshot, which says its date and region.
 */
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import type { InstancePrice, InstancePriceList } from '../../common/models';
import { toKilnError } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import { onDemandLinuxRequest, parseOnDemandPrices } from './pricing-products';
import { PRICE_SNAPSHOT_DATE, PRICE_SNAPSHOT_REGION, snapshotHourlyPrices } from './price-snapshot';

export interface PriceService {
  pricesFor(context: ProfileContext, region: string): Promise<InstancePriceList>;
  destroy(): void;
}

export interface PriceServiceDeps {
  /** The Pricing client of a profile; by default one in us-east-1 with the profile's credentials. */
  clientFor?: (context: ProfileContext) => PricingClient;
  now?: () => number;
  /** How long an answer of the Pricing API is kept (default a day). */
  ttlMs?: number;
  /** How long a snapshot fallback is kept before the API is tried again (default 10 minutes). */
  fallbackTtlMs?: number;
  /** Gives up on the Pricing API after this long (all pages together) and uses the snapshot. */
  timeoutMs?: number;
}

const DAY_MS = 24 * 3_600_000;
/** Pages of 100 products: far more than any region's Linux instance types, so a loop cannot run away. */
const MAX_PAGES = 30;
/** The Pricing API's home region; its prices cover every region. */
export const PRICING_API_REGION = 'us-east-1';

export function createPriceService(deps: PriceServiceDeps = {}): PriceService {
  const now = deps.now ?? Date.now;
  const ttlMs = deps.ttlMs ?? DAY_MS;
  const fallbackTtlMs = deps.fallbackTtlMs ?? 10 * 60_000;
  const timeoutMs = deps.timeoutMs ?? 20_000;
  /** Per profile id; a new revision (the profile's settings changed, e.g. rotated keys) gets a new client. */
  const clients = new Map<string, { revision?: string; client: PricingClient }>();
  const cache = new Map<string, { expires: number; list: Promise<InstancePriceList> }>();

  function clientOf(context: ProfileContext): PricingClient {
    const cached = clients.get(context.profile.id);
    if (cached && cached.revision === context.revision) return cached.client;
    cached?.client.destroy();
    const client =
      deps.clientFor?.(context) ?? new PricingClient({ ...context.clientConfig(PRICING_API_REGION), maxAttempts: 2 });
    clients.set(context.profile.id, { revision: context.revision, client });
    return client;
  }

  async function fromApi(context: ProfileContext, region: string, signal: AbortSignal): Promise<InstancePriceList> {
    const client = clientOf(context);
    const hourly = new Map<string, number>();
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new GetProductsCommand(onDemandLinuxRequest(region, nextToken)), {
        abortSignal: signal,
      });
      // The SDK types PriceList loosely (any); it is a list of JSON documents.
      const priceList: unknown = page.PriceList;
      for (const [type, usd] of parseOnDemandPrices(Array.isArray(priceList) ? priceList : [])) {
        if (!hourly.has(type)) hourly.set(type, usd);
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken && ++pages < MAX_PAGES);
    if (hourly.size === 0) throw new Error(`the Pricing API has no on-demand Linux prices for ${region}`);
    const asOf = new Date(now()).toISOString().slice(0, 10);
    const prices: Record<string, InstancePrice> = {};
    for (const [type, usdPerHour] of hourly) prices[type] = { usdPerHour, source: 'pricing-api', asOf, region };
    return { prices };
  }

  async function load(context: ProfileContext, region: string): Promise<{ list: InstancePriceList; fromApi: boolean }> {
    if (context.profile.kind === 'sandbox') {
      return { list: snapshotList('The local sandbox has no Pricing API (moto does not emulate it).'), fromApi: false };
    }
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return { list: await fromApi(context, region, signal), fromApi: true };
    } catch (error) {
      const reason = signal.aborted
        ? `The AWS Pricing API did not answer within ${Math.round(timeoutMs / 1000)} s.`
        : toKilnError(error, { action: 'read prices from the AWS Pricing API' }).message;
      return { list: snapshotList(reason), fromApi: false };
    }
  }

  return {
    pricesFor(context, region) {
      const key = `${context.profile.id}\u0000${region}`;
      const entry = cache.get(key);
      if (entry && entry.expires > now()) return entry.list;
      const loading = load(context, region);
      const list = loading.then((r) => r.list);
      // Until it settles the entry counts as fresh, so parallel callers share one request.
      cache.set(key, { expires: Number.POSITIVE_INFINITY, list });
      void loading.then((r) => cache.set(key, { expires: now() + (r.fromApi ? ttlMs : fallbackTtlMs), list }));
      return list;
    },
    destroy() {
      for (const { client } of clients.values()) client.destroy();
      clients.clear();
      cache.clear();
    },
  };
}

function snapshotList(fallbackReason: string): InstancePriceList {
  const prices: Record<string, InstancePrice> = {};
  for (const [type, usdPerHour] of snapshotHourlyPrices()) {
    prices[type] = { usdPerHour, source: 'snapshot', asOf: PRICE_SNAPSHOT_DATE, region: PRICE_SNAPSHOT_REGION };
  }
  return { prices, fallbackReason };
}
