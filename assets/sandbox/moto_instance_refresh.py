"""Kiln sandbox: instance refreshes, which moto does not have. StartInstanceRefresh, DescribeInstanceRefreshes and
CancelInstanceRefresh are answered here, and every engine tick a refresh replaces one instance not on the group's
current launch template version (once the last replacement is running), reporting its percentage, until none is
left: terminating it first, as AWS does by default, or, with MaxHealthyPercentage above 100, launching its
replacement first and giving the extra capacity back with the instance it replaced.
"""

import math
import uuid
from typing import Any

from moto.autoscaling.exceptions import AutoscalingClientError, ValidationError
from moto.autoscaling.responses import AutoScalingResponse
from moto.core.responses import ActionResult

from moto_scaling_activities import cause, group_key, instance_version, latest_version, lock, now, record

# (account, region, group name) -> refreshes, newest first.
_refreshes: dict[tuple[str, str, str], list[dict[str, Any]]] = {}


class InstanceRefreshInProgress(AutoscalingClientError):
    code = "InstanceRefreshInProgress"


def install_instance_refresh() -> None:
    def group_of(response: Any) -> Any:
        name = response._get_param("AutoScalingGroupName")
        group = response.autoscaling_backend.autoscaling_groups.get(name)
        if group is None:
            raise ValidationError(f"AutoScalingGroup name not found - {name}")
        return group

    def start_instance_refresh(self):  # type: ignore[no-untyped-def]
        group = group_of(self)
        with lock:
            refreshes = _refreshes.setdefault(group_key(group), [])
            if any(r["Status"] in ("Pending", "InProgress") for r in refreshes):
                raise InstanceRefreshInProgress(f"An Instance Refresh is already in progress for {group.name}.")
            preferences = self._get_param("Preferences") or {}
            refresh = {
                "InstanceRefreshId": str(uuid.uuid4()),
                "AutoScalingGroupName": group.name,
                "Status": "Pending",
                "StatusReason": "Waiting for the first instance to be replaced.",
                "StartTime": now(),
                "PercentageComplete": 0,
                "InstancesToUpdate": len(group.instance_states),
                "Preferences": {k: v for k, v in preferences.items() if v is not None},
                "_total": max(1, len(group.instance_states)),
                # Above 100, AWS launches each replacement before it terminates the instance it replaces.
                "_launch_first": float(preferences.get("MaxHealthyPercentage") or 100) > 100,
            }
            refreshes.insert(0, refresh)
        return ActionResult({"InstanceRefreshId": refresh["InstanceRefreshId"]})

    def describe_instance_refreshes(self):  # type: ignore[no-untyped-def]
        group = group_of(self)
        ids = self._get_param("InstanceRefreshIds", [])
        with lock:
            found = [
                {k: v for k, v in r.items() if not k.startswith("_")}
                for r in _refreshes.get(group_key(group), [])
                if not ids or r["InstanceRefreshId"] in ids
            ]
        return ActionResult({"InstanceRefreshes": found})

    def cancel_instance_refresh(self):  # type: ignore[no-untyped-def]
        group = group_of(self)
        with lock:
            active = [r for r in _refreshes.get(group_key(group), []) if r["Status"] in ("Pending", "InProgress")]
            if not active:
                raise ValidationError(f"No in progress or pending Instance Refresh found for {group.name}.")
            active[0]["Status"] = "Cancelled"
            active[0]["EndTime"] = now()
        return ActionResult({"InstanceRefreshId": active[0]["InstanceRefreshId"]})

    AutoScalingResponse.start_instance_refresh = start_instance_refresh
    AutoScalingResponse.describe_instance_refreshes = describe_instance_refreshes
    AutoScalingResponse.cancel_instance_refresh = cancel_instance_refresh


def refresh_step(backend: Any, group: Any) -> None:
    with lock:
        active = [r for r in _refreshes.get(group_key(group), []) if r["Status"] in ("Pending", "InProgress")]
    if not active:
        return
    refresh = active[0]
    latest = latest_version(group)
    old = [s for s in group.instance_states if instance_version(s) != latest]
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
                record(group, desired, desired - 1 if surged else desired, set(), {old[0].instance.id})
                backend.terminate_instance(old[0].instance.id, should_decrement=surged)
                old = old[1:]
        except Exception as error:  # a replacement that cannot launch fails the refresh, as on AWS
            with lock:
                refresh["Status"] = "Failed"
                refresh["StatusReason"] = f"An instance could not be replaced: {error!r}"
                refresh["EndTime"] = now()
            return
        finally:
            cause.text = None
    with lock:
        done = refresh["_total"] - len(old)
        refresh["PercentageComplete"] = min(100, math.floor(100 * done / refresh["_total"]))
        if old:
            refresh["Status"] = "InProgress"
            refresh["StatusReason"] = f"Replacing instances: {len(old)} left."
        else:
            refresh["Status"] = "Successful"
            refresh["StatusReason"] = None
            refresh["PercentageComplete"] = 100
            refresh["EndTime"] = now()


def _refresh_cause(what: str) -> None:
    cause.text = f"At {now():%Y-%m-%dT%H:%M:%SZ} {what} in response to an instance refresh."
