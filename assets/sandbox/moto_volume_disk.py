"""Kiln sandbox: EBS snapshots and volumes carry the instance's disk.

An instance's disk is its `root/` directory under `<instances-dir>/<instance-id>/` (moto_image_disk.py). Here its EBS
snapshots and volumes carry that tree too, so a restore from a snapshot brings back what the instance held then:

- CreateSnapshot of a volume (also CreateSnapshots, CreateImage and the DLM stand-in, which all reach moto's
  `create_snapshot`) copies the tree that volume holds to `<snapshots-dir>/<snap-id>/root`; DeleteSnapshot removes it.
- CreateVolume from a snapshot copies the snapshot's tree to `<volumes-dir>/<vol-id>/root`; DeleteVolume removes it.
- Which tree a volume holds: the instance's `root/` while it is (or, detached but not yet replaced, was) that
  instance's root volume; otherwise its own tree under the volumes dir, if it has one.
- DetachVolume of a root volume and AttachVolume at the root device need a stopped instance (as on EC2); a device
  already in use and a volume in another Availability Zone are refused as EC2 refuses them.
- StartInstances of an instance whose root volume was swapped: the old root volume's tree (its `root/`) moves to that
  volume's directory and the new root volume's tree becomes the instance's `root/`, so it boots from the new volume.
  Starting an instance that has no root volume attached is refused.
- RegisterImage reads BlockDeviceMappings and RootDeviceName (moto ignores them): the image lists those snapshots
  (so RunInstances makes volumes from them) and gets the root snapshot's tree as its own (moto_image_disk.py).
- RunInstances from an image with a tree seeds the instance's `root/` at once, as EC2 makes the volumes at launch:
  deregistering the image afterwards does not take the files from an instance that has not booted yet.

One module, past the usual length, because every hook here answers the same question (where a volume's files are)
and must agree on it. The snapshots and volumes directories sit beside the images directory (`<root>/snapshots`,
`<root>/volumes`). Every tree is built in a hidden temporary directory and renamed into place, so nobody sees half
of one.
"""

import os
import re
import shutil
import tempfile
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import elastic_block_store as moto_ebs
from moto.ec2.models import instances as moto_instances
from moto.ec2.responses import amis as moto_ami_responses
from moto.ec2.responses import elastic_block_store as moto_ebs_responses

from moto_image_disk import ImageDisks, copy_tree
from moto_instance_dir import INSTANCE_ID

# Also path components below the sandbox's directories, so nothing but EC2 ids pass.
SNAPSHOT_ID = re.compile(r"^snap-[0-9a-f]{8,17}$")
VOLUME_ID = re.compile(r"^vol-[0-9a-f]{8,17}$")
# Which volume's tree an instance's root/ holds, once its root volume has been detached.
DISK_VOLUME = "_kiln_disk_volume"


def publish(source_root: str | None, target: str) -> None:
    """Copies `source_root` (missing: an empty tree) to `<target>/root`, built aside and renamed into place."""
    parent = os.path.dirname(target)
    os.makedirs(parent, mode=0o700, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", dir=parent)
    try:
        copy_tree(source_root or os.path.join(staging, "missing"), os.path.join(staging, "root"))
        shutil.rmtree(target, ignore_errors=True)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


class VolumeDisks:
    """The snapshot and volume trees; every method does nothing when the sandbox runs without an images dir."""

    def __init__(self, images_dir: str | None, instances_dir: str | None):
        base = os.path.dirname(os.path.abspath(images_dir)) if images_dir and instances_dir else None
        self.instances_dir = instances_dir
        self.snapshots_dir = os.path.join(base, "snapshots") if base else None
        self.volumes_dir = os.path.join(base, "volumes") if base else None

    def snapshot_dir(self, snapshot_id: str) -> str | None:
        if not self.snapshots_dir or not SNAPSHOT_ID.match(snapshot_id or ""):
            return None
        return os.path.join(self.snapshots_dir, snapshot_id)

    def volume_dir(self, volume_id: str) -> str | None:
        if not self.volumes_dir or not VOLUME_ID.match(volume_id or ""):
            return None
        return os.path.join(self.volumes_dir, volume_id)

    def instance_root(self, instance_id: str) -> str | None:
        if not self.instances_dir or not INSTANCE_ID.match(instance_id or ""):
            return None
        return os.path.join(self.instances_dir, instance_id, "root")

    def snapshot_root(self, snapshot_id: str) -> str | None:
        """The snapshot's tree, if it has one."""
        target = self.snapshot_dir(snapshot_id)
        root = os.path.join(target, "root") if target else None
        return root if root and os.path.isdir(root) else None

    def volume_tree(self, backend: Any, volume: Any) -> str | None:
        """Where the files of `volume` are: an instance's root/ (see the module comment) or its own tree."""
        holder = disk_holder(backend, volume)
        if holder is not None:
            return self.instance_root(holder.id)
        target = self.volume_dir(volume.id)
        root = os.path.join(target, "root") if target else None
        return root if root and os.path.isdir(root) else None

    def snapshot(self, backend: Any, volume: Any, snapshot_id: str) -> None:
        target = self.snapshot_dir(snapshot_id)
        if target is None:
            return
        holder = disk_holder(backend, volume)
        source = self.volume_tree(backend, volume)
        # A root volume always has a tree (an instance whose user data wrote nothing yet has an empty one).
        if source is not None or holder is not None:
            publish(source, target)

    def volume_from_snapshot(self, snapshot_id: str, volume_id: str) -> None:
        source = self.snapshot_root(snapshot_id)
        target = self.volume_dir(volume_id)
        if source is not None and target is not None:
            publish(source, target)

    def remove(self, target: str | None) -> None:
        if target is not None:
            shutil.rmtree(target, ignore_errors=True)

    def swap_root(self, backend: Any, instance: Any, old_volume_id: str, new_volume_id: str) -> None:
        """The instance's root/ becomes the new root volume's tree; the old one's goes to its volume directory."""
        root = self.instance_root(instance.id)
        old_target = self.volume_dir(old_volume_id)
        new_target = self.volume_dir(new_volume_id)
        if root is None or self.volumes_dir is None:
            return
        os.makedirs(self.volumes_dir, mode=0o700, exist_ok=True)
        if os.path.isdir(root):
            if old_target is not None and old_volume_id in backend.volumes:
                staging = tempfile.mkdtemp(prefix=f".{old_volume_id}.", dir=self.volumes_dir)
                os.rename(root, os.path.join(staging, "root"))
                shutil.rmtree(old_target, ignore_errors=True)
                os.rename(staging, old_target)
            else:
                # The old root volume is gone: so is its data. Renamed first so root/ is never half deleted.
                doomed = tempfile.mkdtemp(prefix=".deleted.", dir=self.volumes_dir)
                os.rename(root, os.path.join(doomed, "root"))
                shutil.rmtree(doomed, ignore_errors=True)
        new_root = os.path.join(new_target, "root") if new_target else None
        os.makedirs(os.path.dirname(root), mode=0o700, exist_ok=True)
        if new_root and os.path.isdir(new_root):
            os.rename(new_root, root)
            shutil.rmtree(new_target, ignore_errors=True)
        else:
            os.makedirs(root, mode=0o700)


def root_attachment(instance: Any) -> Any:
    return instance.block_device_mapping.get(instance.root_device_name)


def disk_volume_of(instance: Any) -> str | None:
    """The volume whose tree the instance's root/ holds."""
    marked = instance.__dict__.get(DISK_VOLUME)
    if marked:
        return marked
    attached = root_attachment(instance)
    return attached.volume_id if attached is not None else None


def disk_holder(backend: Any, volume: Any) -> Any:
    """The instance whose root/ holds the volume's files, or None."""
    attachment = volume.attachment
    if attachment is not None and disk_volume_of(attachment.instance) == volume.id:
        return attachment.instance
    for instance in backend.all_instances():
        if instance.__dict__.get(DISK_VOLUME) == volume.id:
            return instance
    return None


def install_snapshot_trees(disks: VolumeDisks) -> None:
    backend_class = moto_ebs.EBSBackend
    original_create = backend_class.create_snapshot
    original_delete = backend_class.delete_snapshot

    def create_snapshot(self, volume_id, description, owner_id=None, from_ami=None):  # type: ignore[no-untyped-def]
        snapshot = original_create(self, volume_id, description, owner_id=owner_id, from_ami=from_ami)
        disks.snapshot(self, self.get_volume(volume_id), snapshot.id)
        return snapshot

    def delete_snapshot(self, snapshot_id):  # type: ignore[no-untyped-def]
        snapshot = original_delete(self, snapshot_id)
        disks.remove(disks.snapshot_dir(snapshot_id))
        return snapshot

    backend_class.create_snapshot = create_snapshot
    backend_class.delete_snapshot = delete_snapshot


def install_volume_trees(disks: VolumeDisks) -> None:
    backend_class = moto_ebs.EBSBackend
    original_create = backend_class.create_volume
    original_delete = backend_class.delete_volume
    original_detach = backend_class.detach_volume

    def create_volume(self, size, zone_name, snapshot_id=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        volume = original_create(self, size, zone_name, snapshot_id, *args, **kwargs)
        if snapshot_id:
            disks.volume_from_snapshot(snapshot_id, volume.id)
        return volume

    def delete_volume(self, volume_id):  # type: ignore[no-untyped-def]
        volume = original_delete(self, volume_id)
        if disk_holder(self, volume) is None:
            disks.remove(disks.volume_dir(volume_id))
        return volume

    def detach_volume(self, volume_id, instance_id, device_path):  # type: ignore[no-untyped-def]
        attachment = self.get_volume(volume_id).attachment
        instance = attachment.instance if attachment is not None else None
        if instance is not None and attachment.device == instance.root_device_name:
            # Its files stay in the instance's root/ until the instance starts with another root volume.
            instance.__dict__.setdefault(DISK_VOLUME, disk_volume_of(instance))
        return original_detach(self, volume_id, instance_id, device_path)

    backend_class.create_volume = create_volume
    backend_class.delete_volume = delete_volume
    backend_class.detach_volume = detach_volume


def install_attachment_rules() -> None:
    """AttachVolume and DetachVolume as EC2 checks them; moto's own attachments (RunInstances) are not requests."""
    response_class = moto_ebs_responses.ElasticBlockStore
    original_attach = response_class.attach_volume
    original_detach = response_class.detach_volume  # for a volume that is not attached: moto's own error

    def attach_volume(self):  # type: ignore[no-untyped-def]
        volume_id = self._get_param("VolumeId")
        instance_id = self._get_param("InstanceId")
        device = self._get_param("Device")
        volume = self.ec2_backend.get_volume(volume_id)
        instance = self.ec2_backend.get_instance(instance_id)
        if volume.attachment is not None:
            raise EC2ClientError("VolumeInUse", f"{volume_id} is already attached to an instance")
        if device in instance.block_device_mapping:
            raise EC2ClientError(
                "InvalidParameterValue", f"Invalid value '{device}' for unixDevice. Attachment point {device} is already in use"
            )
        if volume.zone.name != instance._placement.zone:
            raise EC2ClientError(
                "InvalidVolume.ZoneMismatch",
                f"The volume '{volume_id}' is not in the same availability zone as instance '{instance_id}'",
            )
        if device == instance.root_device_name and instance.state != "stopped":
            raise EC2ClientError(
                "IncorrectState", f"Instance '{instance_id}' must be stopped to attach a volume as its root device"
            )
        return original_attach(self)

    def detach_volume(self):  # type: ignore[no-untyped-def]
        volume = self.ec2_backend.get_volume(self._get_param("VolumeId"))
        attachment = volume.attachment
        instance = attachment.instance if attachment is not None else None
        if instance is None:
            return original_detach(self)
        if attachment.device == instance.root_device_name and instance.state != "stopped":
            raise EC2ClientError("IncorrectState", f"Unable to detach root volume '{volume.id}' from instance '{instance.id}'")
        self.error_on_dryrun()
        # InstanceId and Device are optional on EC2; moto needs them.
        detached = self.ec2_backend.detach_volume(
            volume.id, self._get_param("InstanceId") or instance.id, self._get_param("Device") or attachment.device
        )
        return ActionResult(
            {
                "VolumeId": volume.id,
                "InstanceId": detached.instance.id,
                "Device": detached.device,
                "State": "detaching",
                "AttachTime": detached.attach_time,
            }
        )

    response_class.attach_volume = attach_volume
    response_class.detach_volume = detach_volume


def install_root_swap(disks: VolumeDisks) -> None:
    backend_class = moto_instances.InstanceBackend
    original_start = backend_class.start_instances

    def start_instances(self, instance_ids):  # type: ignore[no-untyped-def]
        instances = self.get_multi_instances_by_id(instance_ids)
        for instance in instances:
            if DISK_VOLUME in instance.__dict__ and root_attachment(instance) is None:
                raise EC2ClientError(
                    "InvalidParameterValue",
                    f"Invalid value '{instance.id}' for instanceId. Instance does not have a volume attached at root "
                    f"({instance.root_device_name})",
                )
        for instance in instances:
            marked = instance.__dict__.get(DISK_VOLUME)
            attached = root_attachment(instance)
            if marked and attached is not None and attached.volume_id != marked:
                disks.swap_root(self, instance, marked, attached.volume_id)
                instance.__dict__[DISK_VOLUME] = attached.volume_id
        return original_start(self, instance_ids)

    backend_class.start_instances = start_instances


def install_register_from_snapshot(image_disks: ImageDisks, disks: VolumeDisks) -> None:
    """RegisterImage honours RootDeviceName and BlockDeviceMappings; the image gets its root snapshot's tree."""
    from moto_images import replace_snapshots

    def register_image(self):  # type: ignore[no-untyped-def]
        name = self._get_param("Name")
        description = self._get_param("Description", "")
        root_device = self._get_param("RootDeviceName")
        requested = self._get_param("BlockDeviceMappings", [])
        self.error_on_dryrun()
        mappings = [image_mapping(self.ec2_backend, m) for m in requested if (m.get("Ebs") or {}).get("SnapshotId")]
        image = self.ec2_backend.register_image(name, description)
        if root_device:
            image.root_device_name = root_device
        if self._get_param("Architecture"):
            image.architecture = self._get_param("Architecture")
        if mappings:
            image.root_device_type = "ebs"
            replace_snapshots(self.ec2_backend, image, mappings, {})
            root = next((m for m in mappings if m["DeviceName"] == image.root_device_name), mappings[0])
            tree = disks.snapshot_root(root["Ebs"]["SnapshotId"])
            target = image_disks.image_dir(image.id)
            if tree is not None and target is not None:
                publish(tree, target)
        return ActionResult({"ImageId": image.id})

    moto_ami_responses.AmisResponse.register_image = register_image


def image_mapping(backend: Any, requested: dict[str, Any]) -> dict[str, Any]:
    """A requested mapping completed as EC2 completes it (size from the snapshot, deleted with the instance)."""
    ebs = dict(requested["Ebs"])
    snapshot = backend.get_snapshot(ebs["SnapshotId"])
    ebs["VolumeSize"] = int(ebs.get("VolumeSize") or snapshot.volume_size)
    ebs["DeleteOnTermination"] = str(ebs.get("DeleteOnTermination", True)).lower() == "true"
    ebs.setdefault("VolumeType", "gp2")
    ebs["Encrypted"] = bool(snapshot.encrypted)
    return {"DeviceName": requested["DeviceName"], "Ebs": ebs}


def install_seed_at_launch(image_disks: ImageDisks, disks: VolumeDisks) -> None:
    backend_class = moto_instances.InstanceBackend
    original_run = backend_class.run_instances

    def run_instances(self, image_id, count, user_data, security_group_names, **kwargs):  # type: ignore[no-untyped-def]
        reservation = original_run(self, image_id, count, user_data, security_group_names, **kwargs)
        target = image_disks.image_dir(image_id) if image_id else None
        tree = os.path.join(target, "root") if target else None
        if tree and os.path.isdir(tree):
            for instance in reservation.instances:
                root = disks.instance_root(instance.id)
                if root is not None and not os.path.exists(root):
                    publish_root(tree, root)
        return reservation

    backend_class.run_instances = run_instances


def publish_root(source_root: str, root: str) -> None:
    """`root` (an instance's root/, absent) becomes a copy of `source_root`, renamed into place."""
    parent = os.path.dirname(root)
    os.makedirs(parent, mode=0o700, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".root.", dir=parent)
    try:
        copy_tree(source_root, os.path.join(staging, "root"))
        os.rename(os.path.join(staging, "root"), root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install_volume_disks(images_dir: str | None, instances_dir: str | None) -> None:
    """All of the above; without an images dir only the EC2 rules (root device, zone, device in use) apply."""
    image_disks = ImageDisks(images_dir, instances_dir)
    disks = VolumeDisks(images_dir, instances_dir)
    install_snapshot_trees(disks)
    install_volume_trees(disks)
    install_attachment_rules()
    install_root_swap(disks)
    install_register_from_snapshot(image_disks, disks)
    install_seed_at_launch(image_disks, disks)
