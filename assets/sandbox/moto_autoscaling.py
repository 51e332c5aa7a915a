"""Kiln sandbox: the parts of EC2 Auto Scaling that moto records but never runs.

- Target tracking on average CPU (`ASGAverageCPUUtilization`): a policy gets the two CloudWatch alarms AWS makes for
  it (`moto_scaling_alarms`); every `interval` seconds (a sped-up one-minute period) they are evaluated against the
  group's `AWS/EC2 CPUUtilization` datapoints (a test, or the operator, publishes them with PutMetricData per group
  or per instance: the "scripted CPU"), and while AlarmHigh is in ALARM the desired capacity rises (proportionally,
  as AWS does); while AlarmLow is, it falls by one once the last change has had three periods to show; within min
  and max, and not at all while the group's AlarmNotification process is suspended.
- Scaling activities (`moto_scaling_activities`) and instance refreshes (`moto_instance_refresh`), stepped by the
  same engine tick.
- Instances report the launch template version they came from; CreateLaunchTemplateVersion keeps user data launchable;
  DeleteLaunchTemplateVersions removes the newest versions.
"""

import json
import math
import threading
import time
from typing import Any

from moto.autoscaling import models as asg_models
from moto.autoscaling.responses import AutoScalingResponse
from moto.core.responses import ActionResult
from moto.core.types import Base64EncodedString
from moto.ec2.models import launch_templates as ec2_launch_templates
from moto.ec2.responses import launch_templates as ec2_launch_template_responses
from moto.ec2.utils import parse_user_data

import moto_scaling_alarms as alarms
from moto_instance_refresh import install_instance_refresh, refresh_step
from moto_scaling_activities import cause, group_key, install_activity_log, instance_ids, latest_version, now

# When the engine last changed a group's desired capacity (monotonic seconds).
_last_change: dict[tuple[str, str, str], float] = {}


def _install_template_versions() -> None:
    """Instances remember the launch template version they came from, as AWS reports it. moto launches a group's
    instances from the version the group names (`$Latest` included) but reports every one as the default version."""
    original_replace = asg_models.FakeAutoScalingGroup.replace_autoscaling_group_instances

    def replace_autoscaling_group_instances(self, count_needed, propagated_tags):  # type: ignore[no-untyped-def]
        before = instance_ids(self)
        original_replace(self, count_needed, propagated_tags)
        version = latest_version(self)
        for state in self.instance_states:
            if state.instance.id not in before and version is not None:
                state.instance.kiln_template_version = version

    asg_models.FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances
    original_property = asg_models.InstanceState.launch_template

    def launch_template(self):  # type: ignore[no-untyped-def]
        template = original_property.fget(self)
        # An instance being launched right now (read by another request before the wrapper above has marked it)
        # comes from the group's current version.
        version = getattr(self.instance, "kiln_template_version", None) or latest_version(self.auto_scaling_group)
        if template is not None and version is not None:
            template = {**template, "Version": version}
        return template

    asg_models.InstanceState.launch_template = property(launch_template)


def _track(backend: Any, period: float) -> None:
    """Evaluates every target-tracking alarm, then lets the policy act on an alarm in ALARM, as AWS does."""
    for policy in list(backend.policies.values()):
        if not alarms.is_cpu_target_tracking(policy):
            continue
        group = backend.autoscaling_groups.get(policy.auto_scaling_group_name)
        if group is None:
            continue
        states = {
            getattr(alarm, "kiln_kind", ""): (alarm, alarms.evaluate(alarm, group, instance_ids(group), period))
            for alarm in alarms.policy_alarms(backend, policy)
        }
        if "AlarmNotification" in [p.get("ProcessName") for p in group.suspended_processes]:
            continue  # scaling paused (SuspendProcesses): the alarms change state, the group does not
        target = alarms.target_of(policy)
        current = group.desired_capacity or 0
        high, low = states.get("AlarmHigh"), states.get("AlarmLow")
        if target <= 0:
            continue
        if high and high[1] == "ALARM":
            average = _recent_average(high[0])
            wanted = min(group.max_size, max(current + 1, math.ceil(current * average / target)))
            alarm = high[0]
        elif low and low[1] == "ALARM" and current > group.min_size and _settled(group, period * alarms.HIGH_PERIODS):
            # AWS scales in cautiously: one instance, and only once the last change has had its window to show.
            wanted, alarm = max(group.min_size, current - 1), low[0]
        else:
            continue
        if wanted == current:
            continue
        cause.text = (
            f"At {now():%Y-%m-%dT%H:%M:%SZ} a monitor alarm {alarm.name} in state ALARM "
            f"triggered policy {policy.name} changing the desired capacity from {current} to {wanted}."
        )
        try:
            group.set_desired_capacity(wanted)
            _last_change[group_key(group)] = time.monotonic()
        finally:
            cause.text = None


def _recent_average(alarm: Any) -> float:
    """The mean of the datapoints that put the alarm in ALARM (its state reason data keeps them)."""
    try:
        points = json.loads(alarm.state_reason_data).get("recentDatapoints") or []
    except ValueError:
        points = []
    return sum(points) / len(points) if points else alarm.threshold


def _settled(group: Any, window: float) -> bool:
    return time.monotonic() - _last_change.get(group_key(group), 0.0) >= window


def _tick(interval: float) -> None:
    for _account, regions in list(asg_models.autoscaling_backends.items()):
        for region, backend in list(regions.items()):
            try:
                _track(backend, interval)
                for group in list(backend.autoscaling_groups.values()):
                    refresh_step(backend, group)
            except Exception as error:  # the engine must outlive one bad group
                print(f"kiln autoscaling: {region}: {error!r}", flush=True)


def _install_policy_alarms(period_seconds: int) -> None:
    """A target-tracking policy's alarms are made with it and go with it or with its group."""
    backend_class = asg_models.AutoScalingBackend
    original_put = backend_class.put_scaling_policy
    original_delete = backend_class.delete_policy
    original_delete_group = backend_class.delete_auto_scaling_group

    def put_scaling_policy(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        before = self.policies.get(name)
        policy = original_put(self, name, *args, **kwargs)
        if before is not None:
            policy.alarms = getattr(before, "alarms", [])
            if not alarms.is_cpu_target_tracking(policy):
                alarms.delete_policy_alarms(self, policy)
        alarms.create_policy_alarms(self, policy, period_seconds)
        return policy

    def delete_policy(self, name):  # type: ignore[no-untyped-def]
        policy = self.policies.get(name)
        original_delete(self, name)
        if policy is not None:
            alarms.delete_policy_alarms(self, policy)

    def delete_auto_scaling_group(self, group_name):  # type: ignore[no-untyped-def]
        original_delete_group(self, group_name)
        # AWS deletes a group's policies (and so their alarms) with it; moto keeps the policies.
        for policy in [p for p in self.policies.values() if p.auto_scaling_group_name == group_name]:
            self.policies.pop(policy.name, None)
            alarms.delete_policy_alarms(self, policy)

    backend_class.put_scaling_policy = put_scaling_policy
    backend_class.delete_policy = delete_policy
    backend_class.delete_auto_scaling_group = delete_auto_scaling_group

    def put_scaling_policy_response(self):  # type: ignore[no-untyped-def]
        original_response(self)
        policy = self.autoscaling_backend.policies[self._get_param("PolicyName")]
        return ActionResult({"PolicyARN": policy.arn, "Alarms": getattr(policy, "alarms", [])})

    original_response = AutoScalingResponse.put_scaling_policy
    AutoScalingResponse.put_scaling_policy = put_scaling_policy_response


def _install_template_version_user_data() -> None:
    """CreateLaunchTemplateVersion keeps its UserData as it came (moto decodes it only in CreateLaunchTemplate), and
    moto then refuses to launch from that version (an AssertionError): a rollout of a fleet with user data would take
    its instances out of service without starting new ones. Stored here as CreateLaunchTemplate stores it."""
    original_create_version = ec2_launch_templates.LaunchTemplate.create_version

    def create_version(self, data, description):  # type: ignore[no-untyped-def]
        user_data = data.get("UserData")
        if isinstance(user_data, str) and not isinstance(user_data, Base64EncodedString):
            data = {**data, "UserData": parse_user_data(user_data)}
        return original_create_version(self, data, description)

    ec2_launch_templates.LaunchTemplate.create_version = create_version


def _install_delete_template_versions() -> None:
    """DeleteLaunchTemplateVersions, which moto lacks: a rollout whose instance refresh is refused removes the version
    it has just added, so that `$Latest` is the group's previous version again. moto finds a version by its position
    in the template's list, so only the newest versions (not the default one) are removed here; any other is answered
    as not deleted, as AWS answers a version it cannot delete."""

    def delete_launch_template_versions(self):  # type: ignore[no-untyped-def]
        self.error_on_dryrun()
        name = self._get_param("LaunchTemplateName")
        template_id = self._get_param("LaunchTemplateId")
        template = (
            self.ec2_backend.get_launch_template_by_name(name)
            if name
            else self.ec2_backend.get_launch_template(template_id)
        )
        deleted: list[dict[str, Any]] = []
        refused: list[dict[str, Any]] = []
        for number in sorted({int(v) for v in self._get_param("Versions", [])}, reverse=True):
            entry = {"LaunchTemplateId": template.id, "LaunchTemplateName": template.name, "VersionNumber": number}
            if number > template.latest_version_number or number < 1:
                error = {"Code": "launchTemplateVersionDoesNotExist", "Message": f"Version {number} does not exist."}
            elif number == template.default_version_number:
                error = {"Code": "unexpectedError", "Message": "The default version cannot be deleted."}
            elif number != template.latest_version_number:
                error = {"Code": "unexpectedError", "Message": "The Kiln sandbox deletes only the newest versions."}
            else:
                template.versions.pop()
                deleted.append(entry)
                continue
            refused.append({**entry, "ResponseError": error})
        return ActionResult(
            {
                "SuccessfullyDeletedLaunchTemplateVersions": deleted,
                "UnsuccessfullyDeletedLaunchTemplateVersions": refused,
            }
        )

    ec2_launch_template_responses.LaunchTemplates.delete_launch_template_versions = delete_launch_template_versions


def install_autoscaling(interval_seconds: float) -> None:
    """Records activities, answers instance refreshes, and (interval > 0) runs the scaling engine."""
    _install_template_version_user_data()
    _install_delete_template_versions()
    install_activity_log()
    _install_template_versions()
    install_instance_refresh()
    _install_policy_alarms(max(1, round(interval_seconds)) if interval_seconds > 0 else 60)
    if interval_seconds <= 0:
        return

    def run() -> None:
        while True:
            time.sleep(interval_seconds)
            _tick(interval_seconds)

    threading.Thread(target=run, name="kiln-autoscaling", daemon=True).start()
