/**
 * The Pricing API's GetProducts for EC2 on-demand Linux prices: the request filters and the parsing of its
 * answer (PriceList is an array of JSON documents, one per product, each as a string). Pure.
 */
import type { Filter, GetProductsCommandInput } from '@aws-sdk/client-pricing';

/** Products per GetProducts page (the API's maximum). */
export const PRODUCTS_PER_PAGE = 100;

/**
 * Filters for shared-tenancy, on-demand Linux instances without pre-installed software in one region. Without an
 * instanceType filter: the wizard's table prices every type, and a region's whole list is about ten pages, where
 * one call per type would be hundreds.
 */
export function onDemandLinuxRequest(region: string, nextToken?: string): GetProductsCommandInput {
  const term = (Field: string, Value: string): Filter => ({ Type: 'TERM_MATCH', Field, Value });
  return {
    ServiceCode: 'AmazonEC2',
    FormatVersion: 'aws_v1',
    Filters: [
      term('regionCode', region),
      term('operatingSystem', 'Linux'),
      term('tenancy', 'Shared'),
      term('preInstalledSw', 'NA'),
      term('capacitystatus', 'Used'),
    ],
    MaxResults: PRODUCTS_PER_PAGE,
    NextToken: nextToken,
  };
}

interface PriceDocument {
  product?: { attributes?: Record<string, string | undefined> };
  terms?: {
    OnDemand?: Record<
      string,
      { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: Record<string, string> }> }
    >;
  };
}

/**
 * The hourly USD price of each instance type in a page of PriceList entries. Entries that are not JSON, not an
 * instance, or without an hourly USD on-demand dimension are skipped; where a type appears twice, the lower price
 * wins (the API has no second Linux on-demand product per type with these filters, but that is not promised).
 */
export function parseOnDemandPrices(priceList: readonly unknown[]): Map<string, number> {
  const prices = new Map<string, number>();
  for (const entry of priceList) {
    const document = parseEntry(entry);
    const instanceType = document?.product?.attributes?.instanceType;
    const price = document && hourlyUsd(document);
    if (!instanceType || price === undefined) continue;
    const known = prices.get(instanceType);
    if (known === undefined || price < known) prices.set(instanceType, price);
  }
  return prices;
}

function parseEntry(entry: unknown): PriceDocument | undefined {
  // The SDK hands each product over as a JSON string (a String object in some versions).
  if (typeof entry === 'object' && entry !== null && !(entry instanceof String)) return entry;
  try {
    const parsed: unknown = JSON.parse(String(entry));
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function hourlyUsd(document: PriceDocument): number | undefined {
  for (const term of Object.values(document.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(dimension.pricePerUnit?.USD);
      // A zero price is a placeholder dimension (e.g. reserved capacity), not a real on-demand price.
      if (dimension.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) return usd;
    }
  }
  return undefined;
}
