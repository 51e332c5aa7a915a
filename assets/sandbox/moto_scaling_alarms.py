"""Kiln sandbox: the CloudWatch alarms of a target-tracking policy, which AWS creates and moto does not.

On AWS, PutScalingPolicy with TargetTrackingScaling on `ASGAverageCPUUtilization` creates two alarms on the group's
`AWS/EC2 CPUUtilization` (dimension AutoScalingGroupName, statistic Average, one-minute periods):
- `TargetTracking-<group>-AlarmHigh-<uuid>`: greater than the target for 3 of 3 periods (scale out);
- `TargetTracking-<group>-AlarmLow-<uuid>`: less than 90 % of the target for 15 of 15 periods (scale in);
lists them in the policy's `Alarms`, and deletes them with the policy or the group. Here they live in moto's
CloudWatch backend, on the sandbox's sped-up period, and the scaling engine acts on their state.

Evaluation (a simplification of CloudWatch's, said in the README): the last N periods are averaged period by
period; a period without a datapoint is missing and skipped; no datapoint at all is INSUFFICIENT_DATA; every
datapoint present breaching is ALARM; otherwise OK. State reasons are worded as CloudWatch words them.
"""

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from moto.cloudwatch.models import MetricDatum, cloudwatch_backends

HIGH_PERIODS = 3
LOW_PERIODS = 15
LOW_FACTOR = 0.9
INITIAL_REASON = "Unchecked: Initial alarm creation"


def is_cpu_target_tracking(policy: Any) -> bool:
    config = policy.target_tracking_configuration
    if policy.policy_type != "TargetTrackingScaling" or config is None:
        return False
    spec = getattr(config, "PredefinedMetricSpecification", {}) or {}
    return spec.get("PredefinedMetricType") == "ASGAverageCPUUtilization"


def target_of(policy: Any) -> float:
    return float(getattr(policy.target_tracking_configuration, "TargetValue", 0) or 0)


def _cloudwatch(backend: Any) -> Any:
    return cloudwatch_backends[backend.account_id][backend.region_name]


def _definitions(policy: Any, target: float) -> list[dict[str, Any]]:
    return [
        {"kind": "AlarmHigh", "operator": "GreaterThanThreshold", "threshold": target, "periods": HIGH_PERIODS},
        {
            "kind": "AlarmLow",
            "operator": "LessThanThreshold",
            "threshold": round(target * LOW_FACTOR, 6),
            "periods": LOW_PERIODS,
        },
    ]


def create_policy_alarms(backend: Any, policy: Any, period_seconds: int) -> None:
    """Creates (or, for a policy put again, updates in place) the policy's two alarms, and lists them on it."""
    if not is_cpu_target_tracking(policy):
        return
    cloudwatch = _cloudwatch(backend)
    group = policy.auto_scaling_group_name
    previous = {a["AlarmName"].split("-")[-6]: a["AlarmName"] for a in getattr(policy, "alarms", None) or []}
    listed = []
    for definition in _definitions(policy, target_of(policy)):
        name = previous.get(definition["kind"]) or f"TargetTracking-{group}-{definition['kind']}-{uuid.uuid4()}"
        existing = cloudwatch.alarms.get(name)
        alarm = cloudwatch.put_metric_alarm(
            name=name,
            namespace="AWS/EC2",
            metric_name="CPUUtilization",
            comparison_operator=definition["operator"],
            evaluation_periods=definition["periods"],
            datapoints_to_alarm=definition["periods"],
            period=period_seconds,
            threshold=definition["threshold"],
            statistic="Average",
            description=f"DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {policy.arn}.",
            dimensions=[{"Name": "AutoScalingGroupName", "Value": group}],
            alarm_actions=[policy.arn],
        )
        if existing is None:
            alarm.state_value = "INSUFFICIENT_DATA"
            alarm.state_reason = INITIAL_REASON
        else:  # put_metric_alarm made a new object: keep the state it had
            alarm.state_value, alarm.state_reason = existing.state_value, existing.state_reason
            alarm.state_reason_data = existing.state_reason_data
            alarm.state_updated_timestamp = existing.state_updated_timestamp
        alarm.kiln_kind = definition["kind"]
        listed.append({"AlarmName": name, "AlarmARN": alarm.alarm_arn})
    policy.alarms = listed


def delete_policy_alarms(backend: Any, policy: Any) -> None:
    names = [a["AlarmName"] for a in getattr(policy, "alarms", None) or []]
    if names:
        _cloudwatch(backend).delete_alarms(names)
    policy.alarms = []


def policy_alarms(backend: Any, policy: Any) -> list[Any]:
    cloudwatch = _cloudwatch(backend)
    found = [cloudwatch.alarms.get(a["AlarmName"]) for a in getattr(policy, "alarms", None) or []]
    return [a for a in found if a is not None]


def _stamp(when: datetime) -> str:
    return when.strftime("%d/%m/%y %H:%M:%S")  # CloudWatch's wording of a datapoint's time


def _datapoints(cloudwatch: Any, group: Any, members: set[str], periods: int, period: float, now: datetime):
    """Per-period averages of the group's CPU, newest first: (period start, average) for periods with data."""
    start = now - timedelta(seconds=period * periods)
    buckets: dict[int, list[float]] = {}
    for datum in list(cloudwatch.metric_data):
        if not isinstance(datum, MetricDatum) or datum.namespace != "AWS/EC2" or datum.name != "CPUUtilization":
            continue
        stamp = datum.timestamp
        if stamp is None:
            continue
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)  # moto keeps some timestamps naive (UTC)
        if stamp < start or stamp > now:
            continue
        dims = {d.name: d.value for d in datum.dimensions}
        if dims.get("AutoScalingGroupName") == group.name or dims.get("InstanceId") in members:
            index = min(periods - 1, int((stamp - start).total_seconds() // period))
            buckets.setdefault(index, []).append(float(datum.value))
    return [
        (start + timedelta(seconds=period * index), sum(values) / len(values))
        for index, values in sorted(buckets.items(), reverse=True)
    ]


def _breaches(alarm: Any, value: float) -> bool:
    if alarm.comparison_operator == "GreaterThanThreshold":
        return value > alarm.threshold
    return value < alarm.threshold


def _words(alarm: Any) -> str:
    return "greater than" if alarm.comparison_operator == "GreaterThanThreshold" else "less than"


def _crossed(points: list, what: str) -> str:
    """CloudWatch's reason for an alarm whose datapoints to alarm equal its evaluation periods (at most 5 listed)."""
    listed = ", ".join(f"{value:.1f} ({_stamp(at)})" for at, value in points[:5])
    many = len(points) != 1
    return f"Threshold Crossed: {len(points)} datapoint{'s' if many else ''} [{listed}] {'were' if many else 'was'} {what}."


def evaluate(alarm: Any, group: Any, members: set[str], period: float) -> str:
    """Evaluates one alarm now; updates its state (with CloudWatch's reason) when it changes. Returns the state."""
    now = datetime.now(timezone.utc)
    cloudwatch = cloudwatch_backends[group.autoscaling_backend.account_id][group.autoscaling_backend.region_name]
    points = _datapoints(cloudwatch, group, members, alarm.evaluation_periods, period, now)
    breaching = [p for p in points if _breaches(alarm, p[1])]
    n = alarm.evaluation_periods
    if not points:
        state = "INSUFFICIENT_DATA"
        reason = f"Insufficient Data: {n} datapoint{'s were' if n != 1 else ' was'} unknown."
    elif len(breaching) == len(points):
        state, reason = "ALARM", _crossed(points, f"{_words(alarm)} the threshold ({alarm.threshold})")
    else:
        fine = [p for p in points if not _breaches(alarm, p[1])]
        state, reason = "OK", _crossed(fine, f"not {_words(alarm)} the threshold ({alarm.threshold})")
    if state != alarm.state_value:
        data = {
            "version": "1.0",
            "queryDate": now.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "statistic": "Average",
            "period": alarm.period,
            "recentDatapoints": [round(v, 6) for _, v in points[:5]],
            "threshold": alarm.threshold,
        }
        alarm.update_state(reason, json.dumps(data), state)
    return state
