"""Kiln sandbox: AMIs and their snapshots as EC2 makes them.

moto 5.2 makes an image `available` at once, gives every new image one made-up 15 GiB snapshot (not snapshots of the
instance's volumes), answers HTTP 500 to CreateImage with snapshot TagSpecifications, and ignores CopyImage's
TagSpecifications and CopyImageTags. Here:

- CreateImage snapshots each EBS volume attached to the instance and lists them in the image's BlockDeviceMappings
  (device, SnapshotId, VolumeSize, VolumeType, DeleteOnTermination, Encrypted); RootDeviceName is the instance's,
  RootDeviceType `ebs`. TagSpecifications tag the image (`image`) and every snapshot (`snapshot`).
- CopyImage needs an `available` source; the copy gets new snapshots in its region, SourceImageId/SourceImageRegion,
  the source's tags only with CopyImageTags, and its own TagSpecifications.
- Such an image is `pending` for --image-seconds, then `available`; its snapshots are `pending` with Progress rising
  linearly from 0% to 100% over the same time, then `completed`.
- DeregisterImage keeps the snapshots (as EC2 does) unless DeleteAssociatedSnapshots is set; DeleteSnapshot of a
  snapshot of a registered image fails with InvalidSnapshot.InUse (moto does that already).
- CreateImage and CopyImage refuse a name the account already uses in the region (InvalidAMIName.Duplicate).
- DescribeSnapshots honours OwnerIds.
- RunInstances from an image: moto_image_launch.py. The image carries the instance's disk: moto_image_disk.py. A test
  makes an image fail: moto_image_failure.py. Snapshots and volumes carry the disk too (restores): moto_volume_disk.py.
"""

import time
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.exceptions import (
    EC2ClientError,
    InvalidAMIIdError,
    InvalidTaggableResourceType,
)
from moto.ec2.models import ec2_backends
from moto.ec2.models import amis as moto_amis
from moto.ec2.models import elastic_block_store as moto_ebs
from moto.ec2.responses import amis as moto_ami_responses
from moto.ec2.responses import elastic_block_store as moto_ebs_responses
from moto.ec2.utils import random_snapshot_id

from moto_image_disk import ImageDisks
from moto_image_launch import install_run_from_image
from moto_volume_disk import install_volume_disks

class Timeline:
    """When an image (and its snapshots) started and how long it takes; shared by the image and its snapshots."""

    def __init__(self, seconds: float):
        self.started = time.monotonic()
        self.seconds = seconds

    def fraction(self) -> float:
        return min(1.0, (time.monotonic() - self.started) / self.seconds)


def timeline_of(resource: Any) -> Timeline | None:
    return resource.__dict__.get("_kiln_timeline")


def install_image_states() -> None:
    """Ami.state and Snapshot.status/progress become computed: pending while their timeline runs, failed on demand."""
    ami_class = moto_amis.Ami

    def ami_state(self):  # type: ignore[no-untyped-def]
        if "_kiln_failure" in self.__dict__:
            return "failed"
        state = self.__dict__.get("_kiln_state", "available")
        timeline = timeline_of(self)
        if state == "available" and timeline is not None and timeline.fraction() < 1:
            return "pending"
        return state

    def set_ami_state(self, value):  # type: ignore[no-untyped-def]
        self.__dict__["_kiln_state"] = value

    ami_class.state = property(ami_state, set_ami_state)
    ami_class.state_reason = property(lambda self: self.__dict__.get("_kiln_failure"))

    default_mappings = ami_class.block_device_mappings

    def block_device_mappings(self):  # type: ignore[no-untyped-def]
        mappings = self.__dict__.get("_kiln_block_devices")
        return mappings if mappings is not None else default_mappings.fget(self)

    ami_class.block_device_mappings = property(block_device_mappings)

    snapshot_class = moto_ebs.Snapshot

    def snapshot_status(self):  # type: ignore[no-untyped-def]
        if "_kiln_error_progress" in self.__dict__:
            return "error"
        timeline = timeline_of(self)
        if timeline is not None and timeline.fraction() < 1:
            return "pending"
        return self.__dict__.get("_kiln_status", "completed")

    def set_snapshot_status(self, value):  # type: ignore[no-untyped-def]
        self.__dict__["_kiln_status"] = value

    def snapshot_progress(self):  # type: ignore[no-untyped-def]
        if "_kiln_error_progress" in self.__dict__:
            return self.__dict__["_kiln_error_progress"]
        timeline = timeline_of(self)
        if timeline is not None and timeline.fraction() < 1:
            return f"{int(timeline.fraction() * 100)}%"
        return "100%"

    snapshot_class.status = property(snapshot_status, set_snapshot_status)
    snapshot_class.progress = property(snapshot_progress)
    snapshot_class.state_message = property(lambda self: self.__dict__.get("_kiln_error_message"))


def split_tag_specifications(specifications: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """(image tags, snapshot tags); any other ResourceType fails the request, as on EC2."""
    tags: dict[str, dict[str, str]] = {"image": {}, "snapshot": {}}
    for specification in specifications or []:
        resource_type = specification.get("ResourceType")
        if resource_type not in tags:
            raise InvalidTaggableResourceType(str(resource_type))
        for tag in specification.get("Tags") or []:
            tags[resource_type][tag["Key"]] = tag.get("Value", "")
    return tags["image"], tags["snapshot"]


def refuse_duplicate_name(backend: Any, name: str | None) -> None:
    for ami in list(backend.amis.values()):
        if name and ami.name == name and ami.owner_id == backend.account_id:
            raise EC2ClientError("InvalidAMIName.Duplicate", f"AMI name {name} is already in use by AMI {ami.id}")


def replace_snapshots(backend: Any, ami: Any, mappings: list[dict[str, Any]], tags: dict[str, str]) -> None:
    """Drops the snapshot moto made up for `ami` and gives it `mappings` instead (their snapshots already exist)."""
    made_up = getattr(ami, "ebs_snapshot", None)
    if made_up is not None:
        backend.snapshots.pop(made_up.id, None)
    ami.__dict__["_kiln_block_devices"] = mappings
    snapshots = [backend.snapshots[mapping["Ebs"]["SnapshotId"]] for mapping in mappings]
    ami.ebs_snapshot = snapshots[0]
    for snapshot in snapshots:
        snapshot.add_tags(tags)


def start_timeline(ami: Any, backend: Any, seconds: float) -> None:
    if seconds <= 0:
        return
    timeline = Timeline(seconds)
    ami.__dict__["_kiln_timeline"] = timeline
    for snapshot_id in snapshot_ids_of(ami):
        snapshot = backend.snapshots.get(snapshot_id)
        if snapshot is not None:
            snapshot.__dict__["_kiln_timeline"] = timeline


def snapshot_ids_of(ami: Any) -> list[str]:
    return [m["Ebs"]["SnapshotId"] for m in ami.block_device_mappings if (m.get("Ebs") or {}).get("SnapshotId")]


def snapshot_instance_volumes(backend: Any, instance: Any, ami_id: str) -> list[dict[str, Any]]:
    """One snapshot per EBS volume attached to the instance, as the image's block device mappings (root first)."""
    description = f"Created by CreateImage({instance.id}) for {ami_id}"
    mappings = []
    for device, attached in sorted(
        instance.block_device_mapping.items(), key=lambda item: item[0] != instance.root_device_name
    ):
        volume = backend.get_volume(attached.volume_id)
        snapshot = backend.create_snapshot(volume.id, description, from_ami=ami_id)
        ebs = {
            "DeleteOnTermination": bool(attached.delete_on_termination),
            "SnapshotId": snapshot.id,
            "VolumeSize": volume.size,
            "VolumeType": volume.volume_type,
            "Encrypted": bool(volume.encrypted),
        }
        for key, value in (("Iops", volume.iops), ("Throughput", volume.throughput), ("KmsKeyId", volume.kms_key_id)):
            if value is not None:
                ebs[key] = value
        mappings.append({"DeviceName": device, "Ebs": ebs})
    return mappings


def copy_image_snapshots(backend: Any, source_backend: Any, source: Any, ami_id: str) -> list[dict[str, Any]]:
    """New snapshots in the copy's region for each of the source image's, described the way EC2 describes them."""
    started = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    mappings = []
    for mapping in source.block_device_mappings:
        ebs = dict(mapping.get("Ebs") or {})
        source_snapshot = source_backend.snapshots.get(ebs.get("SnapshotId"))
        if source_snapshot is None:
            continue
        snapshot = moto_ebs.Snapshot(
            backend,
            random_snapshot_id(),
            volume=source_snapshot.volume,
            description=(
                f"Copied for DestinationAmi {ami_id} from SourceAmi {source.id} for SourceSnapshot "
                f"{source_snapshot.id}. Task created on {started}."
            ),
            encrypted=source_snapshot.encrypted,
            kms_key_id=source_snapshot.kms_key_id,
            from_ami=ami_id,
        )
        backend.snapshots[snapshot.id] = snapshot
        ebs["SnapshotId"] = snapshot.id
        mappings.append({**mapping, "Ebs": ebs})
    return mappings


def install_create_image(disks: ImageDisks, seconds: float) -> None:
    backend_class = moto_amis.AmiBackend
    original = backend_class.create_image

    def create_image(self, instance_id, name, description, tag_specifications):  # type: ignore[no-untyped-def]
        image_tags, snapshot_tags = split_tag_specifications(tag_specifications)
        instance = self.get_instance(instance_id)
        refuse_duplicate_name(self, name)
        image_only = [{"ResourceType": "image", "Tags": [{"Key": k, "Value": v} for k, v in image_tags.items()]}]
        ami = original(self, instance_id, name, description, tag_specifications=image_only if image_tags else [])
        mappings = snapshot_instance_volumes(self, instance, ami.id)
        if mappings:
            replace_snapshots(self, ami, mappings, snapshot_tags)
        else:
            ami.ebs_snapshot.add_tags(snapshot_tags)
        ami.root_device_name = instance.root_device_name
        ami.root_device_type = "ebs"
        disks.bake(instance.id, ami.id)
        start_timeline(ami, self, seconds)
        return ami

    backend_class.create_image = create_image


def install_copy_image(disks: ImageDisks, seconds: float) -> None:
    backend_class = moto_amis.AmiBackend
    original = backend_class.copy_image

    def copy_image(  # type: ignore[no-untyped-def]
        self, source_image_id, source_region, name=None, description=None, copy_tags=False, tag_specifications=()
    ):
        image_tags, snapshot_tags = split_tag_specifications(list(tag_specifications))
        source_backend = ec2_backends[self.account_id][source_region]
        source = source_backend.amis.get(source_image_id)
        if source is None:
            raise InvalidAMIIdError(source_image_id)
        if source.state != "available":
            raise EC2ClientError(
                "InvalidAMIID.Unavailable",
                f"The AMI ID '{source_image_id}' is currently {source.state} and may not be used for this operation",
            )
        refuse_duplicate_name(self, name or source.name)
        ami = original(self, source_image_id, source_region, name, description)
        mappings = copy_image_snapshots(self, source_backend, source, ami.id)
        if mappings:
            replace_snapshots(self, ami, mappings, snapshot_tags)
        ami.root_device_name = source.root_device_name
        ami.root_device_type = source.root_device_type
        ami.source_image_id = source.id
        ami.source_image_region = source_region
        if copy_tags:
            ami.add_tags({t["key"]: t["value"] for t in source.get_tags() if not t["key"].startswith("aws:")})
        ami.add_tags(image_tags)
        disks.copy(source.id, ami.id)
        start_timeline(ami, self, seconds)
        return ami

    backend_class.copy_image = copy_image

    def copy_image_response(self):  # type: ignore[no-untyped-def]
        self.error_on_dryrun()
        image = self.ec2_backend.copy_image(
            self._get_param("SourceImageId"),
            self._get_param("SourceRegion"),
            self._get_param("Name"),
            self._get_param("Description"),
            copy_tags=is_true(self._get_param("CopyImageTags")),
            tag_specifications=self._get_param("TagSpecifications", []),
        )
        return ActionResult({"ImageId": image.id})

    moto_ami_responses.AmisResponse.copy_image = copy_image_response


def install_timed_register_image(seconds: float) -> None:
    backend_class = moto_amis.AmiBackend
    original = backend_class.register_image

    def register_image(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        ami = original(self, *args, **kwargs)
        start_timeline(ami, self, seconds)
        return ami

    backend_class.register_image = register_image


def install_deregister_image(disks: ImageDisks) -> None:
    """Removes the image's tree; DeleteAssociatedSnapshots deletes its snapshots that no other image uses."""
    backend_class = moto_amis.AmiBackend
    original = backend_class.deregister_image

    def deregister_image(self, ami_id):  # type: ignore[no-untyped-def]
        original(self, ami_id)
        disks.remove(ami_id)

    backend_class.deregister_image = deregister_image

    def deregister_image_response(self):  # type: ignore[no-untyped-def]
        ami_id = self._get_param("ImageId")
        delete_snapshots = is_true(self._get_param("DeleteAssociatedSnapshots"))
        self.error_on_dryrun()
        ami = self.ec2_backend.amis.get(ami_id)
        snapshot_ids = snapshot_ids_of(ami) if ami is not None else []
        self.ec2_backend.deregister_image(ami_id)
        if not delete_snapshots:
            return ActionResult({"Return": True})
        in_use = {sid for other in list(self.ec2_backend.amis.values()) for sid in snapshot_ids_of(other)}
        results = []
        for snapshot_id in snapshot_ids:
            if snapshot_id in in_use:
                results.append({"SnapshotId": snapshot_id, "ReturnCode": "skipped"})
                continue
            try:
                self.ec2_backend.delete_snapshot(snapshot_id)
                results.append({"SnapshotId": snapshot_id, "ReturnCode": "success"})
            except EC2ClientError:
                results.append({"SnapshotId": snapshot_id, "ReturnCode": "client-error"})
        return ActionResult({"Return": True, "DeleteSnapshotResults": results})

    moto_ami_responses.AmisResponse.deregister_image = deregister_image_response


def install_describe_snapshots_owners() -> None:
    """moto ignores OwnerIds, so `OwnerIds=['self']` listed Amazon's snapshots of every catalogue AMI too."""
    response_class = moto_ebs_responses.ElasticBlockStore

    def describe_snapshots(self):  # type: ignore[no-untyped-def]
        filters = self._filters_from_querystring()
        snapshot_ids = self._get_param("SnapshotIds", [])
        owners = self._get_param("OwnerIds", [])
        snapshots = self.ec2_backend.describe_snapshots(snapshot_ids=snapshot_ids, filters=filters)
        if owners:
            account = self.current_account
            wanted = {account if owner == "self" else owner for owner in owners}
            snapshots = [
                s for s in snapshots if s.owner_id in wanted or ("amazon" in wanted and s.owner_id != account)
            ]
        return ActionResult({"Snapshots": snapshots})

    response_class.describe_snapshots = describe_snapshots


def is_true(value: Any) -> bool:
    return str(value).lower() == "true"


def install_images(images_dir: str | None, instances_dir: str | None, image_seconds: float) -> None:
    """All of the above and RunInstances from images; `images_dir` None: images carry no files."""
    disks = ImageDisks(images_dir, instances_dir)
    install_image_states()
    install_create_image(disks, image_seconds)
    install_copy_image(disks, image_seconds)
    install_timed_register_image(image_seconds)
    install_deregister_image(disks)
    install_run_from_image()
    install_describe_snapshots_owners()
    install_volume_disks(images_dir, instances_dir)
