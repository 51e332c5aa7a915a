"""Kiln sandbox: EC2 Instance Connect and GetConsoleOutput backed by the instance host's directories.

moto records SendSSHPublicKey without checking anything and answers GetConsoleOutput with canned text. In the sandbox
every instance has a real sshd and a console log, both kept by the instance host under `<instances-dir>/<id>/`, so:

- SendSSHPublicKey validates the request as AWS does (the instance exists in that region and is running, the key is
  an OpenSSH public key of a type EC2 accepts, the OS user is a valid login name) and writes the key into
  `<instances-dir>/<id>/ssh/pushed/<os-user>` with an `expiry-time` option. sshd reads that file (its
  AuthorizedKeysFile names it) and refuses the key once the time has passed, so a pushed key works for the TTL
  (60 s, as on AWS) and then fails like a stale Instance Connect key does.

  Why a file and not an AuthorizedKeysCommand asking moto: sshd runs such a command only from a root-owned path
  that no other user can write (and every directory above it likewise), which a developer's checkout or a temp dir
  is not; a file with `expiry-time` needs nothing outside the instance's directory.
- GetConsoleOutput returns `<instances-dir>/<id>/console.log` (the last 64 KB, base64, as AWS does) once the
  instance host has written it, moto's canned text before that.
"""

import base64
import binascii
import json
import os
import re
import struct
import tempfile
import threading
import time
import uuid

from moto.core.exceptions import JsonRESTError
from moto.ec2.exceptions import InvalidInstanceIdError
from moto.ec2.models import ec2_backends
from moto.ec2.responses import general as moto_general
from moto.ec2.utils import Base64EncodedString
from moto.ec2instanceconnect import responses as moto_instance_connect

# The key types EC2 Instance Connect accepts.
KEY_TYPES = (
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
)
OS_USER = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]{0,31}\Z")
# Also a path component below the instances dir, so nothing but an EC2 instance id passes.
INSTANCE_ID = re.compile(r"^i-[0-9a-f]{8,17}\Z")
EXPIRY = re.compile(r'^expiry-time="(\d{14})Z" ')
# AWS keeps the last 64 KB of console output.
CONSOLE_OUTPUT_BYTES = 64 * 1024

_write_lock = threading.Lock()


class InstanceConnectError(JsonRESTError):
    """An EC2 Instance Connect error as the AWS JSON protocol sends it: HTTP 400, `{"__type": …, "message": …}`."""

    code = 400


def parse_public_key(text: str) -> str:
    """`<type> <base64>` of an OpenSSH public key line (the comment dropped), or InvalidArgsException."""
    parts = text.strip().split()
    if "\n" in text.strip() or len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise InstanceConnectError(
            "InvalidArgsException",
            "The SSH public key must be an OpenSSH public key of type " + ", ".join(KEY_TYPES) + ".",
        )
    key_type, blob = parts[0], parts[1]
    try:
        raw = base64.b64decode(blob, validate=True)
        (length,) = struct.unpack(">I", raw[:4])
        embedded_type = raw[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        embedded_type = None
    if embedded_type != key_type:
        raise InstanceConnectError("InvalidArgsException", "The SSH public key is not valid OpenSSH key material.")
    return f"{key_type} {blob}"


def running_instance(account_id: str, region: str, instance_id: str):  # type: ignore[no-untyped-def]
    """The moto instance, or the error EC2 Instance Connect gives for a missing or not running one."""
    if not INSTANCE_ID.match(instance_id):
        raise InstanceConnectError("InvalidArgsException", f"Instance ID '{instance_id}' is not valid.")
    try:
        instance = ec2_backends[account_id][region].get_instance(instance_id)
    except InvalidInstanceIdError:
        raise InstanceConnectError(
            "EC2InstanceNotFoundException", f"Instance '{instance_id}' does not exist in {region}."
        ) from None
    if instance.state != "running":
        raise InstanceConnectError(
            "EC2InstanceStateInvalidException",
            f"Instance '{instance_id}' is {instance.state}; keys can be pushed only to a running instance.",
        )
    return instance


def expiry_stamp(epoch_seconds: float) -> str:
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch_seconds)) + "Z"


def push_key(pushed_dir: str, os_user: str, key: str, ttl_seconds: int) -> None:
    """Adds `key` to `pushed_dir/os_user` valid for `ttl_seconds`, dropping expired lines (and an older push of the
    same key); written to a temp file and renamed, so sshd never reads half a file."""
    now = time.time()
    current = expiry_stamp(now)[:-1]
    path = os.path.join(pushed_dir, os_user)
    with _write_lock:
        os.makedirs(pushed_dir, mode=0o700, exist_ok=True)
        try:
            with open(path, encoding="utf-8") as existing:
                lines = existing.read().splitlines()
        except FileNotFoundError:
            lines = []
        kept = []
        for line in lines:
            match = EXPIRY.match(line)
            if match and match.group(1) > current and not line.endswith(" " + key):
                kept.append(line)
        kept.append(f'expiry-time="{expiry_stamp(now + ttl_seconds)}" {key}')
        handle, temp_path = tempfile.mkstemp(prefix=f".{os_user}.", dir=pushed_dir)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                temp.write("\n".join(kept) + "\n")
            os.replace(temp_path, path)
        except BaseException:
            os.unlink(temp_path)
            raise


def install_instance_connect(instances_dir: str | None, ttl_seconds: int) -> None:
    """SendSSHPublicKey validates like AWS and, with an instances dir, grants the key through sshd for the TTL."""

    def send_ssh_public_key(self):  # type: ignore[no-untyped-def]
        try:
            params = json.loads(self.body or "{}")
        except ValueError:
            params = {}
        instance_id = str(params.get("InstanceId") or "")
        os_user = str(params.get("InstanceOSUser") or "")
        key = parse_public_key(str(params.get("SSHPublicKey") or ""))
        if not OS_USER.match(os_user):
            raise InstanceConnectError("InvalidArgsException", f"InstanceOSUser '{os_user}' is not a valid user name.")
        running_instance(self.current_account, self.region, instance_id)
        if instances_dir:
            push_key(os.path.join(instances_dir, instance_id, "ssh", "pushed"), os_user, key, ttl_seconds)
        return json.dumps({"RequestId": str(uuid.uuid4()), "Success": True})

    moto_instance_connect.Ec2InstanceConnectResponse.send_ssh_public_key = send_ssh_public_key


def install_console_output(instances_dir: str | None) -> None:
    """GetConsoleOutput reads the console log the instance host writes for each instance."""
    original = moto_general.General.get_console_output

    def get_console_output(self):  # type: ignore[no-untyped-def]
        result = original(self)
        instance_id = self._get_param("InstanceId")
        if not instances_dir or not INSTANCE_ID.match(instance_id or ""):
            return result
        try:
            with open(os.path.join(instances_dir, instance_id, "console.log"), "rb") as console:
                console.seek(0, os.SEEK_END)
                console.seek(max(0, console.tell() - CONSOLE_OUTPUT_BYTES))
                text = console.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return result
        result.result["Output"] = Base64EncodedString.from_raw_string(text)
        return result

    moto_general.General.get_console_output = get_console_output
