// The Fleets pages' URLs: #/fleets is the list, #/fleets/new the form, with an image's prefill in the history state.
import { describe, expect, it } from 'vitest';
import { pageKeyOf, paths, viewOf } from '../../../../renderer/src/shell/routes';

describe('fleet routes', () => {
  it('reads the list and the form, with or without a prefill', () => {
    expect(viewOf(paths.fleets, null, 'k1')).toEqual({ name: 'fleets' });
    expect(viewOf(paths.newFleet, null, 'k2')).toEqual({ name: 'new-fleet' });
    const fleetFrom = { profileId: 'sandbox', region: 'eu-west-1', imageId: 'ami-0b4e0000000000001' };
    expect(viewOf('/fleets/new', { fleetFrom }, 'k3')).toEqual({ name: 'new-fleet', from: fleetFrom, fillId: 'k3' });
    expect(viewOf('/fleets/nope', null, 'k4')).toEqual({ name: 'not-found', path: '/fleets/nope' });
    expect(pageKeyOf({ name: 'fleets' })).toBe('fleets');
    expect(viewOf(paths.fleet('fl-0000000a'), null, 'k5')).toEqual({ name: 'fleet', fleetId: 'fl-0000000a' });
    expect(pageKeyOf({ name: 'fleet', fleetId: 'fl-0000000a' })).toBe('fleet:fl-0000000a');
  });
});
