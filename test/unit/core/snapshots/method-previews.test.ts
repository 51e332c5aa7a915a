// What the restore dialog says each method does to the instance id and the IP address.
import { describe, expect, it } from 'vitest';
import { methodPreviews } from '../../../../electron/core/snapshots/snapshot-restore';

const facts = {
  name: 'web-1',
  instanceId: 'i-0123456789abcdef0',
  snapshotId: 'snap-0123456789abcdef0',
  publicIp: '54.1.2.3',
  elasticIp: undefined,
  rootDevice: '/dev/xvda',
  busy: false,
};

describe('methodPreviews', () => {
  it('a replacement gets a new id and IP; the old instance keeps running', () => {
    const [image] = methodPreviews(facts);
    expect(image).toMatchObject({ method: 'image', instanceId: 'new' });
    expect(image.publicIp).toContain('new instance id and new IP addresses');
    expect(image.publicIp).toContain('i-0123456789abcdef0 keeps 54.1.2.3');
    expect(image.afterwards.join(' ')).toContain('keeps running (and costing) until you terminate it');
    expect(image.refusal).toBeUndefined();
  });

  it('a swap keeps the id; the public IP changes unless it is an Elastic IP', () => {
    const swap = methodPreviews(facts)[1];
    expect(swap).toMatchObject({ method: 'swap-volume', instanceId: 'same' });
    expect(swap.publicIp).toMatch(/^The public IP changes: 54\.1\.2\.3 is released/);
    expect(swap.steps).toContain('Detach the current root volume and attach the new one at /dev/xvda');
    const elastic = methodPreviews({ ...facts, elasticIp: '3.3.3.3' })[1];
    expect(elastic.publicIp).toMatch(/^The public IP stays 3\.3\.3\.3: it is an Elastic IP/);
    const privateOnly = methodPreviews({ ...facts, publicIp: undefined })[1];
    expect(privateOnly.publicIp).toMatch(/no public IP; its private IP stays the same/);
  });

  it("says where the launch's DNS name goes: it stays with the old instance, or follows the swapped one's new IP", () => {
    const [image, swap] = methodPreviews({ ...facts, dnsName: 'web.example.com' });
    expect(image.afterwards).toContain(
      'The DNS name web.example.com stays with i-0123456789abcdef0; the replacement has none.',
    );
    expect(swap.afterwards).toContain(
      'Kiln takes the DNS name web.example.com down while the instance is stopped, and points it at the new public IP once it is running again.',
    );
    // Already stopped, the record is down: it is written when the instance runs.
    const stopped = methodPreviews({ ...facts, dnsName: 'web.example.com', publicIp: undefined })[1];
    expect(stopped.afterwards).toContain(
      "Kiln points the DNS name web.example.com at the instance's new public IP once it is running again.",
    );
    // A private zone holds the private IP, and an Elastic IP stays: the name does not move.
    for (const same of [{ dnsPrivate: true }, { elasticIp: '3.3.3.3' }]) {
      const kept = methodPreviews({ ...facts, dnsName: 'web.example.com', ...same })[1];
      expect(kept.afterwards.join(' ')).not.toContain('web.example.com');
    }
    expect(methodPreviews(facts)[0].afterwards.join(' ')).not.toContain('DNS name');
  });

  it('refuses both while a restore of the launch runs', () => {
    expect(methodPreviews({ ...facts, busy: true }).map((m) => m.refusal)).toEqual([
      'A restore of this launch is already running.',
      'A restore of this launch is already running.',
    ]);
  });

  it('refuses a replacement of a Windows instance, which would lose its licence, but not the swap', () => {
    const [image, swap] = methodPreviews({ ...facts, windows: true });
    expect(image.refusal).toMatch(/carries no Windows licence/);
    expect(swap.refusal).toBeUndefined();
  });
});
