"""Kiln sandbox: an AMI carries its instance's disk.

In the sandbox an instance's "disk" is its `root/` directory (KILN_ROOT, the instance's /opt/kiln) under the instance
host's `<instances-dir>/<instance-id>/`. CreateImage copies it to `<images-dir>/<image-id>/root`, CopyImage copies
that tree to the new image's id, DeregisterImage removes it, and the instance host seeds the `root/` of an instance
launched from an image with the image's tree before its user data runs.

A tree is built in a hidden temporary directory and renamed into place, so the instance host never sees half of one.
"""

import os
import re
import shutil
import sys
import tempfile

from moto_instance_dir import INSTANCE_ID

# Also a path component below the images dir, so nothing but an EC2 image id passes.
IMAGE_ID = re.compile(r"^ami-[0-9a-f]{8,17}$")


def copy_tree(source: str, target: str) -> None:
    """Copies the directory `source` to `target` (created), keeping modes, times and symlinks.

    The instance may still be running (CreateImage with NoReboot), so an entry that vanishes while it is copied is
    skipped, not an error; sockets, FIFOs and device nodes are skipped as well (nothing of them survives a copy), and
    so is what cannot be read, with a note on stderr.
    """
    os.makedirs(target, mode=0o700)
    try:
        entries = list(os.scandir(source))
    except FileNotFoundError:
        entries = []
    for entry in entries:
        destination = os.path.join(target, entry.name)
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), destination)
            elif entry.is_dir(follow_symlinks=False):
                copy_tree(entry.path, destination)
            elif entry.is_file(follow_symlinks=False):
                shutil.copy2(entry.path, destination, follow_symlinks=False)
        except FileNotFoundError:
            continue
        except OSError as error:
            print(f"kiln sandbox: {entry.path} left out of the image: {error}", file=sys.stderr, flush=True)
    try:
        shutil.copystat(source, target, follow_symlinks=False)
    except FileNotFoundError:
        pass


class ImageDisks:
    """The image trees under `images_dir`; every method does nothing when the sandbox runs without one."""

    def __init__(self, images_dir: str | None, instances_dir: str | None):
        self.images_dir = images_dir
        self.instances_dir = instances_dir

    def image_dir(self, image_id: str) -> str | None:
        if not self.images_dir or not IMAGE_ID.match(image_id):
            return None
        return os.path.join(self.images_dir, image_id)

    def bake(self, instance_id: str, image_id: str) -> None:
        """The instance's `root/` becomes the image's; an instance without one gives an empty tree."""
        target = self.image_dir(image_id)
        if target is None or not INSTANCE_ID.match(instance_id):
            return
        source = os.path.join(self.instances_dir, instance_id, "root") if self.instances_dir else ""
        self._publish(source, target)

    def copy(self, source_image_id: str, image_id: str) -> None:
        """CopyImage: the new image gets the source image's tree, if it has one (Amazon's AMIs have none)."""
        source = self.image_dir(source_image_id)
        target = self.image_dir(image_id)
        if source is None or target is None or not os.path.isdir(os.path.join(source, "root")):
            return
        self._publish(os.path.join(source, "root"), target)

    def remove(self, image_id: str) -> None:
        target = self.image_dir(image_id)
        if target is not None:
            shutil.rmtree(target, ignore_errors=True)

    def _publish(self, source_root: str, target: str) -> None:
        assert self.images_dir is not None
        os.makedirs(self.images_dir, mode=0o700, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", dir=self.images_dir)
        try:
            copy_tree(source_root, os.path.join(staging, "root"))
            shutil.rmtree(target, ignore_errors=True)
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
