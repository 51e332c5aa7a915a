/** The profiles Kiln offers, and lookup by id. */
import type { Profile } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { ProfileContext } from './profile-context';

export interface ProfileRegistry {
  list(): Promise<Profile[]>;
  get(id: string): Promise<ProfileContext>;
}

export function createProfileRegistry(load: () => Promise<Array<ProfileContext | Profile>>): ProfileRegistry {
  const contexts = async () => load();
  return {
    async list() {
      return (await contexts()).map((entry) => ('profile' in entry ? entry.profile : entry));
    },
    async get(id) {
      const entry = (await contexts()).find((e) => ('profile' in e ? e.profile.id : e.id) === id);
      if (!entry) {
        throw new KilnFailure({
          code: 'UnknownProfile',
          message: `There is no profile "${id}".`,
          remedy: 'Pick a profile from the list.',
          field: 'profileId',
        });
      }
      if (!('profile' in entry)) {
        throw new KilnFailure({
          code: 'ProfileUnavailable',
          message: `The profile "${entry.label}" cannot be used: ${entry.reason ?? 'unknown reason'}.`,
          remedy: 'Pick another profile, or fix what the message names.',
          field: 'profileId',
        });
      }
      return entry;
    },
  };
}
