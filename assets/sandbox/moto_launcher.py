"""Kiln sandbox: moto's server with time-based EC2 state transitions.

moto changes instance and AMI state instantly: an instance is `running` at the first DescribeInstances and
stop/terminate finish in the same call. Real EC2 goes through `pending`, `stopping` and `shutting-down`, and Kiln's
launch flow must be seen handling them. This launcher makes those states observable for --pending-seconds, makes
images pending for --image-seconds with their snapshots' progress rising (moto_images.py), then serves moto exactly
as `moto_server` does (same WSGI app), on 127.0.0.1 only. With --instances-dir (the instance host's directory), EC2
Instance Connect and GetConsoleOutput reach the instances' sshd and console logs (moto_instance_dir.py); with
--images-dir as well, an image carries its instance's `root/` directory (moto_image_disk.py).

Usage: python3 moto_launcher.py --port 0 --pending-seconds 3 [--image-seconds 8] [--instances-dir DIR]
       [--images-dir DIR] [--instance-connect-ttl-seconds 60] [--front-port PORT] [--exit-on-stdin-eof]
Prints `KILN-MOTO-READY <port>` on stdout once the socket is listening.
`POST /moto-api/kiln/fail-image` with `{"imageId": "ami-…", "code": "…", "message": "…"}` makes an image fail.
"""

import argparse
import logging
import os
import signal
import sys
import threading
import time

# Validation must be on before moto reads its settings (some are read at import time).
for _name in (
    "MOTO_ENABLE_AMI_VALIDATION",
    "MOTO_ENABLE_KEYPAIR_VALIDATION",
    "MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION",
):
    os.environ.setdefault(_name, "true")

from moto.ec2.models import instances as moto_instances  # noqa: E402
from moto.ec2.responses import instances as moto_instance_responses  # noqa: E402
from moto.elbv2 import models as moto_elbv2  # noqa: E402
from moto.elbv2.exceptions import TargetNotRunning  # noqa: E402
from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    create_backend_app,
)
from werkzeug.serving import make_server  # noqa: E402

from moto_autoscaling import install_autoscaling  # noqa: E402
from moto_image_failure import KilnImagesApi  # noqa: E402
from moto_images import install_images  # noqa: E402
from moto_instance_dir import install_console_output, install_instance_connect  # noqa: E402

READY_LINE = "KILN-MOTO-READY"

# Target state -> (transient state shown until the delay has passed, its code).
TRANSIENT_INSTANCE_STATES = {
    "running": ("pending", 0),
    "stopped": ("stopping", 64),
    "terminated": ("shutting-down", 32),
}


def install_timed_instance_state(delay_seconds: float) -> None:
    """Replace moto's InstanceState with one that reports the transient state for `delay_seconds` after a change.

    moto creates every instance with `InstanceState("running", 16)` and moves it by assigning `.name` and `.code`
    (start/stop/terminate/reboot); everything else (responses, filters, status) reads those two attributes. So the
    target state is stored as given, and reads return the transient state until the delay has passed.
    """

    class TimedInstanceState(moto_instances.InstanceState):
        def __init__(self, name: str = "pending", code: int = 0):
            self._target_name = name
            self._target_code = code
            self._changed_at = time.monotonic()

        def _in_transition(self) -> bool:
            return (
                self._target_name in TRANSIENT_INSTANCE_STATES
                and time.monotonic() - self._changed_at < delay_seconds
            )

        @property
        def name(self) -> str:
            if self._in_transition():
                return TRANSIENT_INSTANCE_STATES[self._target_name][0]
            return self._target_name

        @name.setter
        def name(self, value: str) -> None:
            # A reboot assigns "running" to a running instance: no new transition.
            if value != self._target_name:
                self._changed_at = time.monotonic()
            self._target_name = value

        @property
        def code(self) -> int:
            if self._in_transition():
                return TRANSIENT_INSTANCE_STATES[self._target_name][1]
            return self._target_code

        @code.setter
        def code(self, value: int) -> None:
            self._target_code = value

    moto_instances.InstanceState = TimedInstanceState


class LocalClientsOnly:
    """WSGI middleware: only local AWS clients, never a web page, may talk to this moto.

    moto enables permissive CORS and checks no signatures, and the sandbox runs the user data of every instance on
    this machine; without this guard any web page could launch an instance with its own user data (a form POST or a
    fetch to 127.0.0.1:<port>, or DNS rebinding). AWS SDKs and CLIs send none of the browser headers refused here.
    """

    def __init__(self, app):  # type: ignore[no-untyped-def]
        self.app = app
        self.allowed_hosts: set[str] = set()
        self.port_suffixes: tuple[str, ...] = ()

    def serve_on(self, port: int, front_ports: list[int]) -> None:
        """Known only once the socket is bound (port 0 lets the kernel choose). A front's port (the sandbox's DLM
        stand-in) is allowed too: it passes requests on with the Host the client signed, so SigV4 still verifies."""
        ports = [port, *front_ports]
        self.allowed_hosts = {f"{name}:{p}" for p in ports for name in ("127.0.0.1", "localhost")}
        self.port_suffixes = tuple(f".localhost:{p}" for p in ports)

    def refusal(self, environ) -> str | None:  # type: ignore[no-untyped-def]
        host = environ.get("HTTP_HOST", "").lower()
        if host not in self.allowed_hosts and not host.endswith(self.port_suffixes):
            return f"Host {host!r} is not this sandbox (DNS rebinding?)"
        if "HTTP_ORIGIN" in environ or environ.get("HTTP_SEC_FETCH_SITE", "none") != "none":
            return "requests from web pages are refused"
        if environ.get("PATH_INFO", "").startswith("/moto-api"):
            return None
        query = environ.get("QUERY_STRING", "")
        if "HTTP_AUTHORIZATION" in environ:
            return None
        # Presigned S3 URLs (the bootstrap downloads the agent bundle with one) carry their signature in the query:
        # SigV4 names its service; SigV2 (aws CLI v1) does not, so it is let through only for object reads/writes,
        # which moto dispatches to S3 when there is no Authorization header.
        if "X-Amz-Signature=" in query and "%2Fs3%2Faws4_request" in query:
            return None
        presigned_v2 = "AWSAccessKeyId=" in query and "Signature=" in query
        if presigned_v2 and environ.get("REQUEST_METHOD") in ("GET", "HEAD", "PUT"):
            return None
        return "unsigned request: use an AWS SDK or CLI with the sandbox credentials"

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        reason = self.refusal(environ)
        if reason is None:
            return self.app(environ, start_response)
        body = f"Kiln sandbox: {reason}\n".encode()
        start_response("403 Forbidden", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]


def exit_when_stdin_closes() -> None:
    """The parent holds our stdin open; when it dies (even by SIGKILL) we see EOF and exit instead of lingering."""

    def watch() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        os._exit(0)

    threading.Thread(target=watch, name="kiln-stdin-watch", daemon=True).start()


def install_run_instances_termination_protection() -> None:
    """Make RunInstances honour DisableApiTermination, as EC2 does (moto 5.2 reads it only from
    ModifyInstanceAttribute). The request parameter is kept per thread while moto builds the instances."""
    requested = threading.local()
    original_run = moto_instance_responses.InstanceResponse.run_instances
    original_init = moto_instances.Instance.__init__

    def run_instances(self):  # type: ignore[no-untyped-def]
        requested.value = str(self._get_param("DisableApiTermination", "false")).lower() == "true"
        try:
            return original_run(self)
        finally:
            requested.value = False

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        if getattr(requested, "value", False):
            self.disable_api_termination = True

    moto_instance_responses.InstanceResponse.run_instances = run_instances
    moto_instances.Instance.__init__ = init


def install_register_pending_targets() -> None:
    """Let a target group register pending instances, as ELB does (they are `initial` until they pass the health
    check). moto accepts only running ones, so with timed states an Auto Scaling group with a target group could not
    launch at all: its new instances are pending when the group registers them."""

    def register(self, targets):  # type: ignore[no-untyped-def]
        for target in targets:
            instance = self.ec2_backend.get_instance_by_id(target["Id"])
            if instance and instance.state not in ("pending", "running"):
                raise TargetNotRunning(instance_id=target["Id"])
            self.targets[target["Id"]] = {"Id": target["Id"], "Port": target.get("Port", self.port)}
            self.deregistered_targets.pop(target["Id"], None)

    moto_elbv2.FakeTargetGroup.register = register


def main() -> None:
    parser = argparse.ArgumentParser(description="moto server for the Kiln sandbox")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument(
        "--pending-seconds",
        type=float,
        default=3.0,
        help="how long an instance's pending/stopping/shutting-down last; 0 disables",
    )
    parser.add_argument(
        "--image-seconds",
        type=float,
        default=8.0,
        help="how long a new image stays pending (its snapshots rising from 0%% to 100%%); 0 disables",
    )
    parser.add_argument(
        "--instances-dir",
        help="the instance host's <root>/instances: Instance Connect keys and console logs are read and written there",
    )
    parser.add_argument(
        "--images-dir",
        help="where images keep their copy of the instance's root/ (<root>/images); needs --instances-dir",
    )
    parser.add_argument(
        "--instance-connect-ttl-seconds",
        type=int,
        default=60,
        help="how long a key pushed with SendSSHPublicKey is honoured (60 on AWS)",
    )
    parser.add_argument(
        "--scaling-seconds",
        type=float,
        default=10.0,
        help="how often target tracking policies are evaluated and instance refreshes move on; 0 disables",
    )
    parser.add_argument(
        "--front-port",
        type=int,
        action="append",
        default=[],
        help="port of a loopback front that passes requests on unchanged (Host included); its Host is accepted too",
    )
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="exit when stdin is closed")
    args = parser.parse_args()
    if args.instance_connect_ttl_seconds < 1:
        parser.error("--instance-connect-ttl-seconds must be at least 1")
    if args.pending_seconds < 0 or args.image_seconds < 0:
        parser.error("--pending-seconds and --image-seconds must not be negative")

    install_run_instances_termination_protection()
    install_register_pending_targets()
    install_autoscaling(args.scaling_seconds)
    install_instance_connect(args.instances_dir, args.instance_connect_ttl_seconds)
    install_console_output(args.instances_dir)
    install_images(args.images_dir, args.instances_dir, args.image_seconds)
    if args.pending_seconds > 0:
        install_timed_instance_state(args.pending_seconds)

    # Nothing to flush: state is in memory by design, so exit at once instead of waiting for serve_forever.
    def stop(_signum, _frame):  # type: ignore[no-untyped-def]
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.exit_on_stdin_eof:
        exit_when_stdin_closes()

    # One line per request would bury the errors the parent shows when we fail.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = LocalClientsOnly(KilnImagesApi(DomainDispatcherApplication(create_backend_app)))
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    port = server.server_address[1]
    app.serve_on(port, args.front_port)
    # moto builds some URLs (e.g. SQS queue URLs) from MOTO_PORT; moto_server sets it the same way.
    os.environ["MOTO_PORT"] = str(port)
    print(f"{READY_LINE} {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
