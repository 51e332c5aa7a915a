import { describe, expect, it } from 'vitest';
import { NetworkChoice } from '../../../../electron/common/models';
import { sourceCidr } from '../../../../electron/core/launch/preflight';

const operator = async () => '203.0.113.7/32';
const typed = (cidr: string, confirmOpenToInternet = false) =>
  NetworkChoice.parse({ source: 'cidr', cidr, confirmOpenToInternet });

describe('sourceCidr', () => {
  it("uses the operator's address for My IP and a typed /32 as it is", async () => {
    expect(await sourceCidr(NetworkChoice.parse({}), operator)).toBe('203.0.113.7/32');
    expect(await sourceCidr(typed('198.51.100.7/32'), operator)).toBe('198.51.100.7/32');
  });

  it('refuses any unconfirmed range wider than one address, naming how wide', async () => {
    // The schema would refuse these too; the backend checks again for specs that reach it by other paths.
    const unconfirmed = (cidr: string) => ({ ...typed(cidr, true), confirmOpenToInternet: false });
    await expect(sourceCidr(unconfirmed('198.51.100.0/28'), operator)).rejects.toMatchObject({
      error: { code: 'WideCidrNotConfirmed', message: expect.stringContaining('16 addresses') },
    });
    await expect(sourceCidr(unconfirmed('198.51.100.0/24'), operator)).rejects.toMatchObject({
      error: { code: 'WideCidrNotConfirmed' },
    });
    await expect(sourceCidr(unconfirmed('0.0.0.0/0'), operator)).rejects.toMatchObject({
      error: { message: expect.stringContaining('the whole internet') },
    });
  });

  it('opens a confirmed range', async () => {
    expect(await sourceCidr(typed('198.51.100.0/24', true), operator)).toBe('198.51.100.0/24');
  });
});
