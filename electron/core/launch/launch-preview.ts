/**
 * launch.preview: the user data the launch would send, measured by the launch's own plan (bootstrap-plan.ts) with
 * download URLs signed but nothing uploaded, and sample secrets of the real ones' size. When that cannot be had (the
 * AMI or the account cannot be read), the preview falls back to the estimate with the longest expected values.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ImageSummary, LaunchSpec } from '../../common/models';
import type { Artifact, ArtifactStore } from '../artifacts/artifact-store';
import { awsCall, type AwsClientPool } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import type { ProfileRegistry } from '../profiles/profile-registry';
import {
  AGENT_ALT_NAMES,
  AGENT_CERT_DAYS,
  createFixedSizeAgentCertificate,
  planBootstrap,
  sampleSecrets,
} from './bootstrap-plan';
import { nodeRuntimeForLaunch, type NodeRuntimeResolver } from './node-runtime';
import type { BootstrapTemplates } from './user-data';
import { previewFromPlan, previewUserData, type UserDataPreview } from './user-data-preview';

export interface LaunchPreviewDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  catalog: Catalog;
  artifacts: ArtifactStore;
  agentBundle: () => Promise<Artifact>;
  bootstrapTemplates: BootstrapTemplates;
  nodeRuntime: NodeRuntimeResolver;
}

export function createLaunchPreview(deps: LaunchPreviewDeps): (spec: LaunchSpec) => Promise<UserDataPreview> {
  // The account of a profile does not change while Kiln runs; one STS call per profile, not one per keystroke.
  const accounts = new Map<string, Promise<string>>();
  // One sample certificate: making one of the fixed size can take a few tries.
  let sample: ReturnType<typeof createFixedSizeAgentCertificate> | undefined;

  return async function preview(spec) {
    const context = await deps.profiles.get(spec.profileId).catch(() => undefined);
    const image: ImageSummary | undefined =
      context && (await deps.catalog.describeImage(context, spec.region, spec.imageId).catch(() => undefined));
    const platform = image?.platform ?? 'linux';
    if (!context || !image) return previewUserData(deps.bootstrapTemplates, spec, platform, deps.artifacts.uploads);
    try {
      const clients = deps.clients.get(context, spec.region);
      let account = accounts.get(spec.profileId);
      if (!account) {
        account = awsCall(context, 'identify the account', () =>
          clients.sts.send(new GetCallerIdentityCommand({})),
        ).then((identity) => identity.Account ?? 'unknown');
        accounts.set(spec.profileId, account);
        account.catch(() => accounts.delete(spec.profileId));
      }
      const accountId = await account;
      const bundle = await deps.agentBundle();
      const node = await nodeRuntimeForLaunch(deps.nodeRuntime, image, context.usesHostNode === true);
      sample ??= createFixedSizeAgentCertificate({
        commonName: `kiln-agent ${sampleSecrets().launchId}`,
        altNames: AGENT_ALT_NAMES,
        notBefore: new Date(),
        validDays: AGENT_CERT_DAYS,
      });
      const plan = await planBootstrap({
        templates: deps.bootstrapTemplates,
        spec,
        platform,
        canUpload: deps.artifacts.uploads,
        ...sampleSecrets(),
        certificate: sample,
        agentUrl: await deps.artifacts.signedUrl(context, clients, accountId, bundle),
        agentSha256: bundle.sha256,
        node,
        scriptUrl: (script) => deps.artifacts.signedUrl(context, clients, accountId, script),
      });
      return previewFromPlan(plan);
    } catch {
      // Not reachable or not allowed now: the launch itself will say why; the meter shows the upper estimate.
      return previewUserData(deps.bootstrapTemplates, spec, platform, deps.artifacts.uploads);
    }
  };
}
