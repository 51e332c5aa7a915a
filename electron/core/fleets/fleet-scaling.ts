/**
 * Changing how many instances a fleet keeps: its capacity (min, desired, max), and pausing or resuming the scaling
 * policy's alarms and scheduled actions. Health checks and the replacement of unhealthy instances go on either way.
 */
import {
  ResumeProcessesCommand,
  SuspendProcessesCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { FleetCapacity, type FleetCapacity as Capacity, type FleetRecord } from '../../common/models';
import { awsCall } from '../aws/clients';
import { activeResource, type FleetRecordAccess } from './fleet-record-access';

/** What "pause scaling" suspends: the policy's alarms and scheduled actions, not health checks or replacement. */
const SCALING_PROCESSES = ['AlarmNotification', 'ScheduledActions'] as const;

/** Sets the group's min, desired and max. */
export async function scaleFleet(access: FleetRecordAccess, fleetId: string, input: Capacity): Promise<FleetRecord> {
  const capacity = FleetCapacity.parse(input);
  const record = await access.find(fleetId);
  const group = activeResource(record, 'auto-scaling-group', 'it cannot be scaled');
  const step = await access.stepContext(record.spec, fleetId, record.resources);
  await awsCall(step.context, `scale ${group.name}`, () =>
    step.clients.autoscaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: group.id,
        MinSize: capacity.min,
        DesiredCapacity: capacity.desired,
        MaxSize: capacity.max,
      }),
    ),
  );
  return access.save({ ...record, spec: { ...record.spec, capacity } });
}

/** Pauses (or resumes) the scaling policy's alarms and scheduled actions. */
export async function suspendFleetScaling(
  access: FleetRecordAccess,
  fleetId: string,
  suspended: boolean,
): Promise<FleetRecord> {
  const record = await access.find(fleetId);
  const verb = suspended ? 'paused' : 'resumed';
  const group = activeResource(record, 'auto-scaling-group', `its scaling cannot be ${verb}`);
  const step = await access.stepContext(record.spec, fleetId, record.resources);
  const input = { AutoScalingGroupName: group.id, ScalingProcesses: [...SCALING_PROCESSES] };
  await awsCall(step.context, `${suspended ? 'pause' : 'resume'} the scaling of ${group.name}`, () =>
    step.clients.autoscaling.send(suspended ? new SuspendProcessesCommand(input) : new ResumeProcessesCommand(input)),
  );
  return access.save({ ...record, scalingSuspended: suspended });
}
