/** The AMI listings of the wizard's other tabs: the account's own images, Kiln-baked ones, and search. */
import { DescribeImagesCommand, type DescribeImagesCommandInput, type EC2Client } from '@aws-sdk/client-ec2';
import type { ImagePage } from '../../common/models';
import { awsErrorCode } from '../aws/errors';
import { AMI_ID_PATTERN, byNewest, KILN_BAKED_TAG_KEYS, toImageSummary } from './image-summary';

/** Images per page: a screenful of table rows, and a small answer from EC2. */
export const IMAGE_PAGE_SIZE = 50;

export type OwnImagesScope = 'self' | 'kiln-baked';

/** The request for one page of the account's own images, or of those Kiln baked. */
export function ownImagesRequest(scope: OwnImagesScope, nextToken?: string): DescribeImagesCommandInput {
  return {
    Owners: ['self'],
    Filters: scope === 'kiln-baked' ? [{ Name: 'tag-key', Values: [...KILN_BAKED_TAG_KEYS] }] : undefined,
    MaxResults: IMAGE_PAGE_SIZE,
    NextToken: nextToken,
  };
}

/**
 * The request for a search: an AMI id is looked up directly (any image this account may use); anything else is a
 * name fragment matched with a wildcard among Amazon's images and the account's own.
 */
export function searchRequest(text: string, nextToken?: string): DescribeImagesCommandInput {
  const query = text.trim();
  if (AMI_ID_PATTERN.test(query)) return { ImageIds: [query] };
  return {
    Owners: ['amazon', 'self'],
    Filters: [{ Name: 'name', Values: [`*${query}*`] }],
    MaxResults: IMAGE_PAGE_SIZE,
    NextToken: nextToken,
  };
}

/** Runs one DescribeImages page; an AMI id that does not exist is an empty result, not an error. */
export async function describeImagePage(ec2: EC2Client, request: DescribeImagesCommandInput): Promise<ImagePage> {
  try {
    const out = await ec2.send(new DescribeImagesCommand(request));
    const images = (out.Images ?? []).map(toImageSummary).sort(byNewest);
    const nextToken = out.NextToken || undefined;
    // EC2 honours MaxResults; an endpoint that ignores it (moto does) must not flood the UI with thousands of rows.
    if (request.MaxResults !== undefined && images.length > request.MaxResults && !nextToken) {
      return { images: images.slice(0, request.MaxResults), truncated: true };
    }
    return { images, nextToken };
  } catch (error) {
    if (request.ImageIds && awsErrorCode(error) === 'InvalidAMIID.NotFound') return { images: [] };
    throw error;
  }
}
