/**
 * Creates what one launch needs in AWS, in an order that leaves nothing behind on failure: preflight (nothing
 * created; every create is tried with DryRun), agent bundle (and an install script too large for user data) in the
 * artifact bucket, per-launch TLS identity and token, user data, security group, RunInstances (the group is deleted
 * again if it fails), then the secret for other workstations.
 */
import { createHash, randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { launchChoices, type LaunchRecord, type LaunchSpec } from '../../common/models';
import type { Artifact, ArtifactStore } from '../artifacts/artifact-store';
import type { AwsClientPool } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import { dnsTagValue } from '../dns/dns-name';
import { deleteKeyPair, provideLaunchKeyPair } from '../keypairs/key-pairs';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { SecretStore } from '../store/secret-store';
import { createLaunchSecurityGroup, deleteSecurityGroupWithRetry, runInstance } from './launch-resources';
import { publishLaunchSecret } from './launch-ledger';
import { AGENT_ALT_NAMES, AGENT_CERT_DAYS, createFixedSizeAgentCertificate, planBootstrap } from './bootstrap-plan';
import { advance } from './phases';
import { assertUserDataFits, preflight } from './preflight';
import { nodeRuntimeForLaunch, type NodeRuntimeResolver } from './node-runtime';
import { assertScriptDeliverable } from './script-delivery';
import type { BootstrapTemplates } from './user-data';

export interface CreateResourcesDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  catalog: Catalog;
  secrets: SecretStore;
  artifacts: ArtifactStore;
  agentBundle: () => Promise<Artifact>;
  bootstrapTemplates: BootstrapTemplates;
  nodeRuntime: NodeRuntimeResolver;
  log: (message: string, error?: unknown) => void;
  now: () => Date;
}

/** Where a launch's agent bearer token is kept in the secret store. */
export const agentTokenKey = (launchId: string) => `agent-token:${launchId}`;

export async function createLaunchResources(
  deps: CreateResourcesDeps,
  spec: LaunchSpec,
  record: LaunchRecord,
): Promise<LaunchRecord> {
  const { now } = deps;
  const context = await deps.profiles.get(spec.profileId);
  const clients = deps.clients.get(context, spec.region);
  const checked = await preflight(
    context,
    clients,
    deps.catalog,
    spec,
    deps.bootstrapTemplates,
    deps.artifacts.uploads,
  );
  const node = await nodeRuntimeForLaunch(deps.nodeRuntime, checked.image, context.usesHostNode === true);
  if (node.warning) deps.log(`launch ${record.id}: ${node.warning.message}`);
  const token = randomBytes(32).toString('base64url');
  const certificate = createFixedSizeAgentCertificate({
    commonName: `kiln-agent ${record.id}`,
    altNames: AGENT_ALT_NAMES,
    // A day of slack for an instance clock that runs behind; the pin, not the expiry, is what Kiln trusts.
    notBefore: new Date(now().getTime() - 86_400_000),
    validDays: AGENT_CERT_DAYS,
  });
  const bundle = await deps.agentBundle();
  const agentUrl = await deps.artifacts.publish(context, clients, checked.accountId, bundle);
  // The same plan as the wizard's preview, so the size it showed is the size sent.
  const plan = await planBootstrap({
    templates: deps.bootstrapTemplates,
    spec,
    platform: checked.image.platform,
    canUpload: deps.artifacts.uploads,
    launchId: record.id,
    tokenSha256: createHash('sha256').update(token).digest('hex'),
    certificate,
    agentUrl,
    agentSha256: bundle.sha256,
    node,
    scriptUrl: (script) => deps.artifacts.publish(context, clients, checked.accountId, script),
  });
  assertScriptDeliverable(plan.delivery);
  const userData = plan.userData;
  assertUserDataFits(userData);
  const { keyPair, tags, advanced } = launchChoices(spec);
  const keyPairName = await provideLaunchKeyPair(context, clients.ec2, record.id, keyPair);
  let securityGroupId: string | undefined;
  let instanceId: string;
  try {
    securityGroupId = await createLaunchSecurityGroup(context, clients.ec2, {
      launchId: record.id,
      name: spec.name,
      vpcId: checked.network.vpcId,
      operatorCidr: checked.operatorCidr,
      agentPort: spec.agentPort,
      loginPort: checked.loginPort,
      tags,
    });
    instanceId = await runInstance(context, clients.ec2, {
      launchId: record.id,
      name: spec.name,
      imageId: spec.imageId,
      instanceType: spec.instanceType,
      network: {
        subnetId: checked.network.subnetId,
        publicIp: checked.network.publicIp,
        groupIds: [securityGroupId, ...checked.network.existingGroupIds],
      },
      userData: userData.text,
      agentPort: spec.agentPort,
      keyName: keyPairName ?? (keyPair.mode === 'existing' ? keyPair.name : undefined),
      rootVolume: checked.rootVolume,
      tags,
      instanceOptions: advanced,
      dnsTag: spec.dns && dnsTagValue(spec.dns.hostedZoneId, spec.dns.recordName),
    });
  } catch (error) {
    // Nothing may be left behind when the launch itself fails.
    if (securityGroupId) {
      const groupId = securityGroupId;
      await deleteSecurityGroupWithRetry(context, clients.ec2, groupId, { attempts: 3, delayMs: 500 }).catch((e) =>
        deps.log(`could not roll back ${groupId}`, e),
      );
    }
    if (keyPairName) {
      await deleteKeyPair(context, clients.ec2, keyPairName).catch((e) =>
        deps.log(`could not roll back key pair ${keyPairName}`, e),
      );
      // The private key of a key pair that no longer exists is of no use to anyone.
      if (keyPair.mode === 'create') await unlink(keyPair.savePath).catch(() => undefined);
    }
    throw error;
  }
  // The instance exists from here on: nothing below may fail the launch, or it would run on untracked. Without a
  // stored token the agent link says so on the launch, and the operator can still terminate it.
  await deps.secrets
    .set(agentTokenKey(record.id), token)
    .catch((error) => deps.log(`the agent token of ${record.id} was not stored`, error));
  await publishLaunchSecret(context, clients.ssm, record.id, { token, certPem: certificate.certPem }).catch((error) =>
    deps.log(`launch ${record.id} cannot be imported elsewhere: the secret was not stored`, error),
  );
  return advance(
    {
      ...record,
      instanceId,
      securityGroupId,
      keyPairName,
      operatorCidr: checked.operatorCidr,
      loginPort: checked.loginPort ?? null,
      ...(checked.dns && { dns: { ...checked.dns, at: now().toISOString() } }),
      userDataBytes: userData.bytes,
      agentCertificate: { pem: certificate.certPem, fingerprint256: certificate.fingerprint256 },
      ...(node.warning && { warnings: [node.warning] }),
    },
    'pending',
    now(),
  );
}
