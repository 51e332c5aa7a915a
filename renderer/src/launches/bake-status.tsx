/** A launch's newest Save as AMI in one badge for the launches list ("Baking 42 %", "AMI ready"). */
import Badge from '@cloudscape-design/components/badge';
import type { LaunchRecord } from '../../../electron/common/models';
import { bakeBadge, latestBake } from '../launch-detail/bake/bake-steps';

export function BakeStatus({ record }: { record: Pick<LaunchRecord, 'bakes'> }) {
  const bake = latestBake(record.bakes);
  if (!bake)
    return (
      <span data-testid="launch-bake-status" data-phase="none">
        –
      </span>
    );
  const badge = bakeBadge(bake);
  return (
    <span data-testid="launch-bake-status" data-phase={bake.phase} title={`AMI ${bake.request.name}`}>
      <Badge color={badge.color}>{badge.text}</Badge>
    </span>
  );
}
