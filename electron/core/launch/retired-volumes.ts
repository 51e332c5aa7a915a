/** Root volumes a restore swapped out of a launch's instance: deleted when the launch is cleaned up. */
import { DeleteVolumeCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { LaunchRecord } from '../../common/models';
import { throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import type { LaunchRecords } from './launch-records';

/** Deletes each retired volume not yet deleted (one already gone counts as deleted) and marks it on the record. */
export async function deleteRetiredVolumes(
  context: ProfileContext,
  ec2: EC2Client,
  record: LaunchRecord,
  records: Pick<LaunchRecords, 'update'>,
): Promise<void> {
  for (const volume of record.retiredVolumes ?? []) {
    if (volume.deleted) continue;
    try {
      await ec2.send(new DeleteVolumeCommand({ VolumeId: volume.volumeId }));
    } catch (error) {
      if (awsErrorCode(error) !== 'InvalidVolume.NotFound') {
        throwAwsFailure(context, `delete the old root volume ${volume.volumeId}`, error);
      }
    }
    await records.update(record.id, (r) => ({
      ...r,
      retiredVolumes: r.retiredVolumes?.map((v) => (v.volumeId === volume.volumeId ? { ...v, deleted: true } : v)),
    }));
  }
}
