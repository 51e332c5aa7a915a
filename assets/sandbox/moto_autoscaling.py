"""Kiln sandbox: the parts of EC2 Auto Scaling that moto records but never runs.

- Target tracking on average CPU (`ASGAverageCPUUtilization`): a policy gets the two CloudWatch alarms AWS makes for
  it (`moto_scaling_alarms`); every `interval` seconds (a sped-up one-minute period) they are evaluated against the
  group's `AWS/EC2 CPUUtilization` datapoints (a test, or the operator, publishes them with PutMetricData per group
  or per instance: the "scripted CPU"), and while AlarmHigh is in ALARM the desired capacity rises (proportionally,
  as AWS does); while AlarmLow is, it falls by one once the last change has had three periods to show; within min
  and max, and not at all while the group's AlarmNotification process is suspended.
- Scaling activities: every change of a group's desired capacity is recorded with its cause, as AWS words it, and
  DescribeScalingActivities returns them (moto answers an empty list).
- Instance refreshes: StartInstanceRefresh, DescribeInstanceRefreshes and CancelInstanceRefresh (moto has none);
  a refresh replaces one instance not on the group's current launch template version per tick, reporting its
  percentage, until none is left; terminating it first, or, with MaxHealthyPercentage above 100, launching its
  replacement first.
"""

import json
import math
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from moto.autoscaling import models as asg_models
from moto.autoscaling.exceptions import AutoscalingClientError, ValidationError
from moto.autoscaling.responses import AutoScalingResponse
from moto.core.responses import ActionResult
from moto.core.types import Base64EncodedString
from moto.ec2.models import launch_templates as ec2_launch_templates
from moto.ec2.utils import parse_user_data

import moto_scaling_alarms as alarms

# (account, region, group name) -> activities newest first / refreshes newest first.
_activities: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
_refreshes: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
_lock = threading.RLock()
# When the engine last changed a group's desired capacity (monotonic seconds).
_last_change: dict[tuple[str, str, str], float] = {}
_cause = threading.local()
MAX_ACTIVITIES = 100


class InstanceRefreshInProgress(AutoscalingClientError):
    code = "InstanceRefreshInProgress"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _key(group: Any) -> tuple[str, str, str]:
    backend = group.autoscaling_backend
    return (backend.account_id, backend.region_name, group.name)


def _instance_ids(group: Any) -> set[str]:
    return {state.instance.id for state in group.instance_states}


def _record(group: Any, before: int, after: int, launched: set[str], ended: set[str]) -> None:
    at = _now()
    cause = getattr(_cause, "text", None) or (
        f"At {at:%Y-%m-%dT%H:%M:%SZ} a user request update of AutoScalingGroup constraints to min: "
        f"{group.min_size}, max: {group.max_size}, desired: {after} changing the desired capacity from {before} to {after}."
    )
    entries = [(f"Launching a new EC2 instance: {i}", i) for i in sorted(launched)]
    entries += [(f"Terminating EC2 instance: {i}", i) for i in sorted(ended)]
    if not entries:
        entries = [(f"Changing the desired capacity from {before} to {after}", "")]
    with _lock:
        log = _activities.setdefault(_key(group), [])
        for description, _instance in entries:
            log.insert(
                0,
                {
                    "ActivityId": str(uuid.uuid4()),
                    "AutoScalingGroupName": group.name,
                    "Description": description,
                    "Cause": cause,
                    "StartTime": at,
                    "EndTime": at,
                    "StatusCode": "Successful",
                    "Progress": 100,
                },
            )
        del log[MAX_ACTIVITIES:]


def _install_activity_log() -> None:
    original = asg_models.FakeAutoScalingGroup.set_desired_capacity

    def set_desired_capacity(self, new_capacity):  # type: ignore[no-untyped-def]
        # Called from the group's constructor too, before it has a capacity or instances.
        before_capacity = getattr(self, "desired_capacity", None)
        before = _instance_ids(self) if hasattr(self, "instance_states") else set()
        original(self, new_capacity)
        after = _instance_ids(self)
        if before_capacity != self.desired_capacity or before != after:
            _record(self, before_capacity or 0, self.desired_capacity or 0, after - before, before - after)

    asg_models.FakeAutoScalingGroup.set_desired_capacity = set_desired_capacity

    def describe_scaling_activities(self):  # type: ignore[no-untyped-def]
        name = self._get_param("AutoScalingGroupName")
        limit = int(self._get_param("MaxRecords") or MAX_ACTIVITIES)
        with _lock:
            found = [
                activity
                for (account, region, group), log in _activities.items()
                if account == self.current_account and region == self.region and (not name or group == name)
                for activity in log
            ]
        found.sort(key=lambda a: a["StartTime"], reverse=True)
        return ActionResult({"Activities": found[:limit]})

    AutoScalingResponse.describe_scaling_activities = describe_scaling_activities


def _install_template_versions() -> None:
    """Instances remember the launch template version they came from, as AWS reports it. moto launches a group's
    instances from the version the group names (`$Latest` included) but reports every one as the default version."""
    original_replace = asg_models.FakeAutoScalingGroup.replace_autoscaling_group_instances

    def replace_autoscaling_group_instances(self, count_needed, propagated_tags):  # type: ignore[no-untyped-def]
        before = _instance_ids(self)
        original_replace(self, count_needed, propagated_tags)
        version = _latest_version(self)
        for state in self.instance_states:
            if state.instance.id not in before and version is not None:
                state.instance.kiln_template_version = version

    asg_models.FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances
    original_property = asg_models.InstanceState.launch_template

    def launch_template(self):  # type: ignore[no-untyped-def]
        template = original_property.fget(self)
        # An instance being launched right now (read by another request before the wrapper above has marked it)
        # comes from the group's current version.
        version = getattr(self.instance, "kiln_template_version", None) or _latest_version(self.auto_scaling_group)
        if template is not None and version is not None:
            template = {**template, "Version": version}
        return template

    asg_models.InstanceState.launch_template = property(launch_template)


def _install_instance_refresh() -> None:
    def group_of(response: Any) -> Any:
        name = response._get_param("AutoScalingGroupName")
        group = response.autoscaling_backend.autoscaling_groups.get(name)
        if group is None:
            raise ValidationError(f"AutoScalingGroup name not found - {name}")
        return group

    def start_instance_refresh(self):  # type: ignore[no-untyped-def]
        group = group_of(self)
        with _lock:
            refreshes = _refreshes.setdefault(_key(group), [])
            if any(r["Status"] in ("Pending", "InProgress") for r in refreshes):
                raise InstanceRefreshInProgress(f"An Instance Refresh is already in progress for {group.name}.")
            preferences = self._get_param("Preferences") or {}
            refresh = {
                "InstanceRefreshId": str(uuid.uuid4()),
                "AutoScalingGroupName": group.name,
                "Status": "Pending",
                "StatusReason": "Waiting for the first instance to be replaced.",
                "StartTime": _now(),
                "PercentageComplete": 0,
                "InstancesToUpdate": len(group.instance_states),
                "_total": max(1, len(group.instance_states)),
                # Above 100, AWS launches each replacement before it terminates the instance it replaces.
                "_launch_first": float(preferences.get("MaxHealthyPercentage") or 100) > 100,
            }
            refreshes.insert(0, refresh)
        return ActionResult({"InstanceRefreshId": refresh["InstanceRefreshId"]})

    def describe_instance_refreshes(self):  # type: ignore[no-untyped-def]
        group = group_of(self)
        ids = self._get_param("InstanceRefreshIds", [])
        with _lock:
            found = [
                {k: v for k, v in r.items() if not k.startswith("_")}
                for r in _refreshes.get(_key(group), [])
                if not ids or r["InstanceRefreshId"] in ids
            ]
        return ActionResult({"InstanceRefreshes": found})

    def cancel_instance_refresh(self):  # type: ignore[no-untyped-def]
        group = group_of(self)
        with _lock:
            active = [r for r in _refreshes.get(_key(group), []) if r["Status"] in ("Pending", "InProgress")]
            if not active:
                raise ValidationError(f"No in progress or pending Instance Refresh found for {group.name}.")
            active[0]["Status"] = "Cancelled"
            active[0]["EndTime"] = _now()
        return ActionResult({"InstanceRefreshId": active[0]["InstanceRefreshId"]})

    AutoScalingResponse.start_instance_refresh = start_instance_refresh
    AutoScalingResponse.describe_instance_refreshes = describe_instance_refreshes
    AutoScalingResponse.cancel_instance_refresh = cancel_instance_refresh


def _latest_version(group: Any) -> str | None:
    template = group.ec2_launch_template
    if template is None:
        return None
    return str(template.get_version(group.launch_template_version).number)


def _instance_version(state: Any) -> str | None:
    template = state.launch_template
    return str(template["Version"]) if template else None


def _refresh_step(backend: Any, group: Any) -> None:
    with _lock:
        active = [r for r in _refreshes.get(_key(group), []) if r["Status"] in ("Pending", "InProgress")]
    if not active:
        return
    refresh = active[0]
    latest = _latest_version(group)
    old = [s for s in group.instance_states if _instance_version(s) != latest]
    # Like AWS, the next instance is replaced only once the last replacement has started (its warm-up, shortened).
    warming = any(getattr(s.instance, "state", "running") == "pending" for s in group.instance_states)
    if old and not warming:
        try:
            if refresh["_launch_first"] and not refresh.get("_surged"):
                _refresh_cause("an instance was launched")
                group.set_desired_capacity((group.desired_capacity or 0) + 1)
                refresh["_surged"] = True
            else:
                _refresh_cause("an instance was taken out of service")
                # Launch-first gives back the extra capacity with the instance it replaced.
                surged = refresh.pop("_surged", False)
                desired = group.desired_capacity or 0
                # moto's detach does not pass through the activity log: the termination is recorded here, first.
                _record(group, desired, desired - 1 if surged else desired, set(), {old[0].instance.id})
                backend.terminate_instance(old[0].instance.id, should_decrement=surged)
                old = old[1:]
        except Exception as error:  # a replacement that cannot launch fails the refresh, as on AWS
            with _lock:
                refresh["Status"] = "Failed"
                refresh["StatusReason"] = f"An instance could not be replaced: {error!r}"
                refresh["EndTime"] = _now()
            return
        finally:
            _cause.text = None
    with _lock:
        done = refresh["_total"] - len(old)
        refresh["PercentageComplete"] = min(100, math.floor(100 * done / refresh["_total"]))
        if old:
            refresh["Status"] = "InProgress"
            refresh["StatusReason"] = f"Replacing instances: {len(old)} left."
        else:
            refresh["Status"] = "Successful"
            refresh["StatusReason"] = None
            refresh["PercentageComplete"] = 100
            refresh["EndTime"] = _now()


def _refresh_cause(what: str) -> None:
    _cause.text = f"At {_now():%Y-%m-%dT%H:%M:%SZ} {what} in response to an instance refresh."


def _track(backend: Any, period: float) -> None:
    """Evaluates every target-tracking alarm, then lets the policy act on an alarm in ALARM, as AWS does."""
    for policy in list(backend.policies.values()):
        if not alarms.is_cpu_target_tracking(policy):
            continue
        group = backend.autoscaling_groups.get(policy.auto_scaling_group_name)
        if group is None:
            continue
        states = {
            getattr(alarm, "kiln_kind", ""): (alarm, alarms.evaluate(alarm, group, _instance_ids(group), period))
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
        _cause.text = (
            f"At {_now():%Y-%m-%dT%H:%M:%SZ} a monitor alarm {alarm.name} in state ALARM "
            f"triggered policy {policy.name} changing the desired capacity from {current} to {wanted}."
        )
        try:
            group.set_desired_capacity(wanted)
            _last_change[_key(group)] = time.monotonic()
        finally:
            _cause.text = None


def _recent_average(alarm: Any) -> float:
    """The mean of the datapoints that put the alarm in ALARM (its state reason data keeps them)."""
    try:
        points = json.loads(alarm.state_reason_data).get("recentDatapoints") or []
    except ValueError:
        points = []
    return sum(points) / len(points) if points else alarm.threshold


def _settled(group: Any, window: float) -> bool:
    return time.monotonic() - _last_change.get(_key(group), 0.0) >= window


def _tick(interval: float) -> None:
    for _account, regions in list(asg_models.autoscaling_backends.items()):
        for region, backend in list(regions.items()):
            try:
                _track(backend, interval)
                for group in list(backend.autoscaling_groups.values()):
                    _refresh_step(backend, group)
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


def install_autoscaling(interval_seconds: float) -> None:
    """Records activities, answers instance refreshes, and (interval > 0) runs the scaling engine."""
    _install_template_version_user_data()
    _install_activity_log()
    _install_template_versions()
    _install_instance_refresh()
    _install_policy_alarms(max(1, round(interval_seconds)) if interval_seconds > 0 else 60)
    if interval_seconds <= 0:
        return

    def run() -> None:
        while True:
            time.sleep(interval_seconds)
            _tick(interval_seconds)

    threading.Thread(target=run, name="kiln-autoscaling", daemon=True).start()
