"""Kiln sandbox: the parts of EC2 Auto Scaling that moto records but never runs.

- Target tracking on average CPU (`ASGAverageCPUUtilization`): every `interval` seconds (a sped-up evaluation
  period) the group's average of the `AWS/EC2 CPUUtilization` datapoints published in the last window (a test, or
  the operator, publishes them with PutMetricData per group or per instance: the "scripted CPU") is compared with
  the target, and the desired capacity rises (proportionally, as AWS does) or falls by one once the last change
  has had a window to show, within min and max.
- Scaling activities: every change of a group's desired capacity is recorded with its cause, as AWS words it, and
  DescribeScalingActivities returns them (moto answers an empty list).
- Instance refreshes: StartInstanceRefresh, DescribeInstanceRefreshes and CancelInstanceRefresh (moto has none);
  a refresh replaces one instance not on the group's current launch template version per tick, reporting its
  percentage, until none is left.
"""

import math
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from moto.autoscaling import models as asg_models
from moto.autoscaling.exceptions import AutoscalingClientError, ValidationError
from moto.autoscaling.responses import AutoScalingResponse
from moto.cloudwatch.models import MetricDatum, cloudwatch_backends
from moto.core.responses import ActionResult
from moto.core.types import Base64EncodedString
from moto.ec2.models import launch_templates as ec2_launch_templates
from moto.ec2.utils import parse_user_data

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
            refresh = {
                "InstanceRefreshId": str(uuid.uuid4()),
                "AutoScalingGroupName": group.name,
                "Status": "Pending",
                "StatusReason": "Waiting for the first instance to be replaced.",
                "StartTime": _now(),
                "PercentageComplete": 0,
                "InstancesToUpdate": len(group.instance_states),
                "_total": max(1, len(group.instance_states)),
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
        _cause.text = (
            f"At {_now():%Y-%m-%dT%H:%M:%SZ} an instance was taken out of service in response to an instance refresh."
        )
        try:
            backend.terminate_instance(old[0].instance.id, should_decrement=False)
        except Exception as error:  # a replacement that cannot launch fails the refresh, as on AWS
            with _lock:
                refresh["Status"] = "Failed"
                refresh["StatusReason"] = f"An instance could not be replaced: {error!r}"
                refresh["EndTime"] = _now()
            return
        finally:
            _cause.text = None
        old = old[1:]
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


def _average_cpu(account: str, region: str, group: Any, since: datetime) -> float | None:
    try:
        cloudwatch = cloudwatch_backends[account][region]
    except KeyError:
        return None
    members = _instance_ids(group)
    values = []
    for datum in list(cloudwatch.metric_data):
        if not isinstance(datum, MetricDatum) or datum.namespace != "AWS/EC2" or datum.name != "CPUUtilization":
            continue
        stamp = datum.timestamp
        if stamp is not None and stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)  # moto keeps some timestamps naive (UTC)
        if stamp is None or stamp < since:
            continue
        dims = {d.name: d.value for d in datum.dimensions}
        if dims.get("AutoScalingGroupName") == group.name or dims.get("InstanceId") in members:
            values.append(float(datum.value))
    return sum(values) / len(values) if values else None


def _track(account: str, region: str, backend: Any, window: float) -> None:
    since = _now() - timedelta(seconds=window)
    for policy in list(backend.policies.values()):
        config = policy.target_tracking_configuration
        if policy.policy_type != "TargetTrackingScaling" or config is None:
            continue
        spec = getattr(config, "PredefinedMetricSpecification", {}) or {}
        if spec.get("PredefinedMetricType") != "ASGAverageCPUUtilization":
            continue
        group = backend.autoscaling_groups.get(policy.auto_scaling_group_name)
        if group is not None and "AlarmNotification" in [p.get("ProcessName") for p in group.suspended_processes]:
            continue  # scaling paused (SuspendProcesses), as AWS does
        average = None if group is None else _average_cpu(account, region, group, since)
        if group is None or average is None:
            continue
        target = float(getattr(config, "TargetValue", 0) or 0)
        current = group.desired_capacity or 0
        if target <= 0:
            continue
        if average > target:
            wanted = min(group.max_size, max(current + 1, math.ceil(current * average / target)))
            alarm = "AlarmHigh"
        elif average < target * 0.9 and current > group.min_size and _settled(group, window):
            # AWS scales in cautiously: one instance, and only once the last change has had its window to show.
            wanted, alarm = max(group.min_size, current - 1), "AlarmLow"
        else:
            continue
        if wanted == current:
            continue
        _cause.text = (
            f"At {_now():%Y-%m-%dT%H:%M:%SZ} a monitor alarm TargetTracking-{group.name}-{alarm} in state ALARM "
            f"triggered policy {policy.name} changing the desired capacity from {current} to {wanted}."
        )
        try:
            group.set_desired_capacity(wanted)
            _last_change[_key(group)] = time.monotonic()
        finally:
            _cause.text = None


def _settled(group: Any, window: float) -> bool:
    return time.monotonic() - _last_change.get(_key(group), 0.0) >= window


def _tick(interval: float) -> None:
    for account, regions in list(asg_models.autoscaling_backends.items()):
        for region, backend in list(regions.items()):
            try:
                _track(account, region, backend, window=interval * 3)
                for group in list(backend.autoscaling_groups.values()):
                    _refresh_step(backend, group)
            except Exception as error:  # the engine must outlive one bad group
                print(f"kiln autoscaling: {region}: {error!r}", flush=True)


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
    if interval_seconds <= 0:
        return

    def run() -> None:
        while True:
            time.sleep(interval_seconds)
            _tick(interval_seconds)

    threading.Thread(target=run, name="kiln-autoscaling", daemon=True).start()
