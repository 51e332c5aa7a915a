"""Kiln sandbox: the scaling activities of Auto Scaling groups, which moto does not keep (it answers
DescribeScalingActivities with an empty list). Every change of a group's desired capacity is recorded with its cause,
as AWS words it; the engine and the instance refresh set the cause (`cause.text`) before they act.
"""

import threading
import uuid
from datetime import datetime, timezone
from typing import Any

from moto.autoscaling import models as asg_models
from moto.autoscaling.responses import AutoScalingResponse
from moto.core.responses import ActionResult

# (account, region, group name) -> activities, newest first.
_activities: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
lock = threading.RLock()
# What the current thread is doing to a group, in AWS's words (None: a user request).
cause = threading.local()
MAX_ACTIVITIES = 100


def now() -> datetime:
    return datetime.now(timezone.utc)


def group_key(group: Any) -> tuple[str, str, str]:
    backend = group.autoscaling_backend
    return (backend.account_id, backend.region_name, group.name)


def instance_ids(group: Any) -> set[str]:
    return {state.instance.id for state in group.instance_states}


def record(group: Any, before: int, after: int, launched: set[str], ended: set[str]) -> None:
    at = now()
    why = getattr(cause, "text", None) or (
        f"At {at:%Y-%m-%dT%H:%M:%SZ} a user request update of AutoScalingGroup constraints to min: "
        f"{group.min_size}, max: {group.max_size}, desired: {after} changing the desired capacity from {before} to {after}."
    )
    entries = [(f"Launching a new EC2 instance: {i}", i) for i in sorted(launched)]
    entries += [(f"Terminating EC2 instance: {i}", i) for i in sorted(ended)]
    if not entries:
        entries = [(f"Changing the desired capacity from {before} to {after}", "")]
    with lock:
        log = _activities.setdefault(group_key(group), [])
        for description, _instance in entries:
            log.insert(
                0,
                {
                    "ActivityId": str(uuid.uuid4()),
                    "AutoScalingGroupName": group.name,
                    "Description": description,
                    "Cause": why,
                    "StartTime": at,
                    "EndTime": at,
                    "StatusCode": "Successful",
                    "Progress": 100,
                },
            )
        del log[MAX_ACTIVITIES:]


def install_activity_log() -> None:
    original = asg_models.FakeAutoScalingGroup.set_desired_capacity

    def set_desired_capacity(self, new_capacity):  # type: ignore[no-untyped-def]
        # Called from the group's constructor too, before it has a capacity or instances.
        before_capacity = getattr(self, "desired_capacity", None)
        before = instance_ids(self) if hasattr(self, "instance_states") else set()
        original(self, new_capacity)
        after = instance_ids(self)
        if before_capacity != self.desired_capacity or before != after:
            record(self, before_capacity or 0, self.desired_capacity or 0, after - before, before - after)

    asg_models.FakeAutoScalingGroup.set_desired_capacity = set_desired_capacity

    def describe_scaling_activities(self):  # type: ignore[no-untyped-def]
        name = self._get_param("AutoScalingGroupName")
        limit = int(self._get_param("MaxRecords") or MAX_ACTIVITIES)
        with lock:
            found = [
                activity
                for (account, region, group), log in _activities.items()
                if account == self.current_account and region == self.region and (not name or group == name)
                for activity in log
            ]
        found.sort(key=lambda a: a["StartTime"], reverse=True)
        return ActionResult({"Activities": found[:limit]})

    AutoScalingResponse.describe_scaling_activities = describe_scaling_activities


def latest_version(group: Any) -> str | None:
    """The version number a group launches from now (`$Latest` and `$Default` resolved)."""
    template = group.ec2_launch_template
    if template is None:
        return None
    return str(template.get_version(group.launch_template_version).number)


def instance_version(state: Any) -> str | None:
    """The launch template version a group's instance came from, as DescribeAutoScalingGroups reports it."""
    template = state.launch_template
    return str(template["Version"]) if template else None
