// The preflight's dry runs send the launch's own requests: CreateSecurityGroup and ImportKeyPair carry the same
// TagSpecifications as the real calls, so a missing tag-on-create permission is caught before anything is created.
// The AWS fault proxy in front of moto records what went over the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import type { ProxiedRequest } from '../../support/aws-fault-proxy';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';
import { backendCommands } from '../../support/backend-commands';

const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0nKf8d4e1a0Vb7Qb7a5Wnq3m8a4Lr9oB1cXr6sYtZk dry-run@kiln';
let env: SandboxBackend;
beforeAll(async () => {
  env = await startSandboxBackend({ proxy: true });
}, 60_000);
afterAll(async () => env?.stop());

const { must } = backendCommands(() => env.backend.handlers);

/** The tags of the first TagSpecification of a Query request, as a key → value record. */
function tagsOf(request: ProxiedRequest): { resourceType: string | null; tags: Record<string, string> } {
  const tags: Record<string, string> = {};
  for (const [key, value] of request.params) {
    const match = /^TagSpecification\.1\.Tag\.(\d+)\.Key$/.exec(key);
    if (match) tags[value] = request.params.get(`TagSpecification.1.Tag.${match[1]}.Value`) ?? '';
  }
  return { resourceType: request.params.get('TagSpecification.1.ResourceType'), tags };
}

const sent = (action: string, dryRun: boolean) =>
  env.proxy!.requests.filter((r) => r.action === action && (r.params.get('DryRun') === 'true') === dryRun);

describe('preflight dry runs', () => {
  it('send CreateSecurityGroup and ImportKeyPair with the tags the real calls carry', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'dry-run-tags',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo ok',
        tags: [{ key: 'team', value: 'kiln' }],
        keyPair: { mode: 'import', name: 'kiln-dry-run-tags', publicKey: PUBLIC_KEY },
      },
    });
    await waitFor(
      'the real calls',
      async () => sent('ImportKeyPair', false).length > 0 && sent('CreateSecurityGroup', false).length > 0,
      30_000,
    );

    for (const action of ['CreateSecurityGroup', 'ImportKeyPair']) {
      const [dry] = sent(action, true);
      const [real] = sent(action, false);
      expect(dry, `${action} dry run`).toBeDefined();
      const dryTags = tagsOf(dry);
      const realTags = tagsOf(real);
      expect(dryTags.resourceType).toBe(realTags.resourceType);
      expect(Object.keys(dryTags.tags).sort()).toEqual(Object.keys(realTags.tags).sort());
      expect(Object.keys(dryTags.tags)).toContain('kiln:launch-id');
    }
    expect(tagsOf(sent('CreateSecurityGroup', true)[0]).tags).toMatchObject({ team: 'kiln', Name: 'dry-run-tags' });
    await must('launch.terminate', { launchId: launched.id });
  }, 60_000);
});
