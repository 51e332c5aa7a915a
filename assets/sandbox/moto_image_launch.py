"""Kiln sandbox: RunInstances from an image as EC2 does it.

moto launches from an image in any state and gives every instance a default 8 GiB volume named /dev/sda1, whatever
the image's root device is called and whatever volumes the image lists. Here an image that is not `available` is
refused (InvalidAMIID.Unavailable, as EC2 says it for a pending AMI), an instance of an image made by CreateImage or
CopyImage gets a volume from each of the image's snapshots (at least the snapshot's size, as EC2 requires), and the
default volume of an Amazon AMI is attached under the AMI's root device name.
"""

from typing import Any

from moto.ec2.exceptions import EC2ClientError, MissingParameterError
from moto.ec2.models import instances as moto_instances
from moto.ec2.responses import instances as moto_instance_responses


def install_run_from_image() -> None:
    """RunInstances from an image: only when it is available, with volumes made from its snapshots."""
    backend_class = moto_instances.InstanceBackend
    original_run = backend_class.run_instances

    def run_instances(self, image_id, count, user_data, security_group_names, **kwargs):  # type: ignore[no-untyped-def]
        ami = self.amis.get(image_id) if image_id else None
        if ami is not None and ami.state != "available":
            raise EC2ClientError("InvalidAMIID.Unavailable", f"AMI '{image_id}' is {ami.state}, and cannot be run")
        for requested in kwargs.get("block_device_mappings") or []:
            complete_from_image(self, ami, requested)
        return original_run(self, image_id, count, user_data, security_group_names, **kwargs)

    backend_class.run_instances = run_instances

    # moto wants VolumeSize or SnapshotId in every requested mapping; EC2 takes them from the image's mapping of the
    # same device, which `complete_from_image` does (and raises the same error where the image has none).
    response_class = moto_instance_responses.InstanceResponse
    original_validate = response_class._validate_block_device_mapping

    def validate_block_device_mapping(device_mapping):  # type: ignore[no-untyped-def]
        try:
            original_validate(device_mapping)
        except MissingParameterError:
            pass

    response_class._validate_block_device_mapping = staticmethod(validate_block_device_mapping)

    instance_class = moto_instances.Instance

    def setup_defaults(self):  # type: ignore[no-untyped-def]
        ami = self.ec2_backend.amis.get(self.image_id)
        mappings = ami.__dict__.get("_kiln_block_devices") if ami is not None else None
        if not mappings:
            # moto attaches its default volume as /dev/sda1 whatever the image's root device is called.
            volume = self.ec2_backend.create_volume(size=8, zone_name=self._placement.zone)
            self.ec2_backend.attach_volume(volume.id, self.id, self.root_device_name, True)
            return
        for mapping in mappings:
            ebs = mapping["Ebs"]
            self.add_block_device(
                ebs["VolumeSize"],
                mapping["DeviceName"],
                ebs["SnapshotId"],
                ebs.get("Encrypted", False),
                ebs.get("DeleteOnTermination", True),
                ebs.get("KmsKeyId"),
                volume_type=ebs.get("VolumeType"),
            )

    instance_class.setup_defaults = setup_defaults


def complete_from_image(backend: Any, ami: Any, requested: dict[str, Any]) -> None:
    """Fills a requested block device mapping from the image's mapping of that device and checks its size.

    Only for images made here: moto's catalogue AMIs list a made-up 15 GiB root snapshot, which must not make an
    8 GiB root volume of Amazon Linux (as on EC2) too small.
    """
    ebs = requested.get("Ebs")
    if requested.get("NoDevice") == "" or not isinstance(ebs, dict):
        return
    mappings = (ami.__dict__.get("_kiln_block_devices") if ami is not None else None) or []
    image_ebs = next((m["Ebs"] for m in mappings if m["DeviceName"] == requested.get("DeviceName")), {})
    for key in ("SnapshotId", "VolumeType", "VolumeSize"):
        if ebs.get(key) is None and image_ebs.get(key) is not None:
            ebs[key] = image_ebs[key]
    if ebs.get("VolumeSize") is None:
        if ebs.get("SnapshotId") is None:
            raise MissingParameterError("size or snapshotId")
        ebs["VolumeSize"] = backend.get_snapshot(ebs["SnapshotId"]).volume_size
    if image_ebs and int(ebs["VolumeSize"]) < int(image_ebs["VolumeSize"]):
        raise EC2ClientError(
            "InvalidBlockDeviceMapping",
            f"Volume of size {ebs['VolumeSize']}GB is smaller than snapshot '{image_ebs['SnapshotId']}', "
            f"expect size >= {image_ebs['VolumeSize']}GB",
        )
