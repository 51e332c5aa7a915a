// DescribeImages paging. moto ignores MaxResults and never returns a NextToken for DescribeImages, so paging is
// checked here against a stand-in for the EC2 client that answers the way EC2 documents it.
import type { DescribeImagesCommand, EC2Client, Image } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  describeImagePage,
  IMAGE_PAGE_SIZE,
  ownImagesRequest,
  searchRequest,
} from '../../../../electron/core/catalog/image-listing';

const image = (n: number): Image => ({
  ImageId: `ami-${n.toString(16).padStart(17, '0')}`,
  Name: `app-${n}`,
  Architecture: 'x86_64',
  CreationDate: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
});

function ec2Answering(
  answer: (input: DescribeImagesCommand['input']) => { Images?: Image[]; NextToken?: string } | Error,
) {
  const inputs: DescribeImagesCommand['input'][] = [];
  const client = {
    send: async (command: DescribeImagesCommand) => {
      inputs.push(command.input);
      const out = answer(command.input);
      if (out instanceof Error) throw out;
      return out;
    },
  } as unknown as EC2Client;
  return { client, inputs };
}

describe('image listing requests', () => {
  it('asks for the account images, Kiln-baked by tag key, and searches by name wildcard or by id', () => {
    expect(ownImagesRequest('self')).toEqual({
      Owners: ['self'],
      Filters: undefined,
      MaxResults: IMAGE_PAGE_SIZE,
      NextToken: undefined,
    });
    expect(ownImagesRequest('kiln-baked', 'tok').Filters).toEqual([
      { Name: 'tag-key', Values: ['kiln:baked-from', 'kiln:launch-id'] },
    ]);
    expect(searchRequest(' ubuntu ')).toMatchObject({
      Owners: ['amazon', 'self'],
      Filters: [{ Name: 'name', Values: ['*ubuntu*'] }],
    });
    expect(searchRequest('ami-0123456789abcdef0')).toEqual({ ImageIds: ['ami-0123456789abcdef0'] });
  });
});

describe('describeImagePage', () => {
  it('passes EC2’s NextToken through and sorts each page newest first', async () => {
    const { client, inputs } = ec2Answering((input) =>
      input.NextToken ? { Images: [image(1)] } : { Images: [image(2), image(3)], NextToken: 'next' },
    );
    const first = await describeImagePage(client, ownImagesRequest('self'));
    expect(first.images.map((i) => i.name)).toEqual(['app-3', 'app-2']);
    expect(first.nextToken).toBe('next');
    const second = await describeImagePage(client, ownImagesRequest('self', first.nextToken));
    expect(second).toEqual({ images: [expect.objectContaining({ name: 'app-1' })], nextToken: undefined });
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'next']);
  });

  it('answers an unknown AMI id with no images, and rethrows other failures', async () => {
    const notFound = Object.assign(new Error('The image id does not exist'), { name: 'InvalidAMIID.NotFound' });
    expect(
      await describeImagePage(ec2Answering(() => notFound).client, searchRequest('ami-0123456789abcdef0')),
    ).toEqual({ images: [] });
    const denied = Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' });
    await expect(describeImagePage(ec2Answering(() => denied).client, searchRequest('web'))).rejects.toThrow(
      'not allowed',
    );
  });
});
