/** Profiles, caller identity, sign-in and preferences. */
import { z } from 'zod';

export const ProfileKind = z.enum(['sandbox', 'aws']);

/** Where a profile's credentials come from, as the shared config files (or the environment) say. */
export const CredentialKind = z.enum(['static', 'assume-role', 'process', 'sso', 'env', 'sandbox']);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const Profile = z.object({
  id: z.string(),
  label: z.string(),
  kind: ProfileKind,
  credentialKind: CredentialKind,
  /** False when the profile cannot be used on this machine (e.g. moto_server missing); `reason` says why. */
  available: z.boolean(),
  reason: z.string().optional(),
  defaultRegion: z.string().optional(),
  /** One line on how the credentials are obtained (role, source profile, SSO account), never a secret. */
  detail: z.string().optional(),
  /** The MFA device (`mfa_serial`) whose code the operator must type before the profile can be used. */
  mfaSerial: z.string().optional(),
  /** The `[sso-session x]` name, or for legacy SSO profiles undefined with `ssoStartUrl` set. */
  ssoSession: z.string().optional(),
  ssoStartUrl: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

/** Who the profile's credentials belong to (STS GetCallerIdentity), and until when they are valid. */
export const CallerIdentity = z.object({
  account: z.string(),
  arn: z.string(),
  userId: z.string(),
  /** ISO time at which the credentials expire, when the provider says so (temporary credentials). */
  expiration: z.string().optional(),
});
export type CallerIdentity = z.infer<typeof CallerIdentity>;

/** A started IAM Identity Center device sign-in: what the operator must open and confirm. */
export const SsoLoginStart = z.object({
  loginId: z.string(),
  userCode: z.string(),
  /** Only https pages are shown as links (the UI opens them in a new window or the system browser). */
  verificationUri: z.string().regex(/^https:\/\//),
  verificationUriComplete: z
    .string()
    .regex(/^https:\/\//)
    .optional(),
  expiresAt: z.string(),
  intervalSeconds: z.number().int().min(1),
});
export type SsoLoginStart = z.infer<typeof SsoLoginStart>;

export const SsoLoginStatus = z.object({
  status: z.enum(['pending', 'approved', 'expired', 'denied', 'cancelled']),
  /** When to poll again (the service may ask Kiln to slow down). */
  intervalSeconds: z.number().int().min(1),
});
export type SsoLoginStatus = z.infer<typeof SsoLoginStatus>;

/** Small choices Kiln remembers between runs. */
export const Preferences = z.object({
  /** The region last chosen for each profile id. */
  regionByProfile: z.record(z.string(), z.string()).default({}),
});
export type Preferences = z.infer<typeof Preferences>;

export const Region = z.object({ name: z.string(), optInStatus: z.string().optional() });
export type Region = z.infer<typeof Region>;
