/** What the profile step does with a chosen profile: who it is, MFA sign-in, IAM Identity Center sign-in. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CallerIdentity, SsoLoginStart, SsoLoginStatus } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import type { ProfileContext } from './profile-context';
import type { ProfileRegistry } from './profile-registry';
import type { SsoLogins } from './sso-device-login';

export interface ProfileAccess {
  identity(profileId: string): Promise<CallerIdentity>;
  signInWithMfa(profileId: string, mfaCode: string): Promise<CallerIdentity>;
  startSsoLogin(profileId: string): Promise<SsoLoginStart>;
  pollSsoLogin(loginId: string): Promise<SsoLoginStatus>;
  cancelSsoLogin(loginId: string): void;
}

export function createProfileAccess(deps: {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  ssoLogins: SsoLogins;
}): ProfileAccess {
  const { profiles, clients, ssoLogins } = deps;

  async function identityOf(context: ProfileContext): Promise<CallerIdentity> {
    const region = context.profile.defaultRegion ?? context.regions?.[0] ?? 'us-east-1';
    const { sts } = clients.get(context, region);
    const answer = await awsCall(context, 'ask AWS whose credentials these are', () =>
      sts.send(new GetCallerIdentityCommand({})),
    );
    // The client's own provider is memoized, so this is the identity the call above was signed with.
    const credentials = await sts.config.credentials();
    return {
      account: answer.Account ?? '',
      arn: answer.Arn ?? '',
      userId: answer.UserId ?? '',
      expiration: credentials.expiration?.toISOString(),
    };
  }

  return {
    identity: async (profileId) => identityOf(await profiles.get(profileId)),

    async signInWithMfa(profileId, mfaCode) {
      const context = await profiles.get(profileId);
      if (!context.signInWithMfa) {
        throw new KilnFailure({
          code: 'MfaNotUsed',
          message: `The profile "${context.profile.label}" has no mfa_serial, so it needs no MFA code.`,
          remedy: 'Choose the profile and go on; add mfa_serial to the profile if its role needs MFA.',
          field: 'mfaCode',
        });
      }
      await context.signInWithMfa(mfaCode);
      clients.invalidate(profileId);
      return identityOf(context);
    },

    async startSsoLogin(profileId) {
      const context = await profiles.get(profileId);
      if (!context.sso) {
        throw new KilnFailure({
          code: 'NotAnSsoProfile',
          message: `The profile "${context.profile.label}" does not use IAM Identity Center.`,
          remedy: 'Choose a profile with sso_session (or sso_start_url) settings.',
        });
      }
      return ssoLogins.start(context.sso);
    },

    async pollSsoLogin(loginId) {
      const { target, ...status } = await ssoLogins.poll(loginId);
      if (status.status === 'approved') {
        // Every profile of the same session or start URL now has a token: their clients must pick it up.
        for (const profile of await profiles.list()) {
          if ((profile.ssoSession ?? profile.ssoStartUrl) === target.cacheKey) clients.invalidate(profile.id);
        }
      }
      return status;
    },

    cancelSsoLogin: (loginId) => ssoLogins.cancel(loginId),
  };
}
