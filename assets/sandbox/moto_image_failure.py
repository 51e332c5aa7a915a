"""Kiln sandbox: making an image fail, for tests of what Kiln does when EC2 gives up on an image.

`POST /moto-api/kiln/fail-image` with `{"imageId": "ami-…", "code": "…", "message": "…"}` (code and message
optional) sets the image `failed` with that StateReason (DescribeImages shows it) and its snapshots `error` with the
message as StateMessage and their progress frozen. 200 with `{"imageId", "region", "state", "snapshotIds"}`; 404 when
no region has the image; 400 for a body that is not such JSON. The launcher's LocalClientsOnly guard lets only local
clients (no web page) reach it, as all of /moto-api.
"""

import json
from typing import Any

from moto.ec2.models import ec2_backends

from moto_image_disk import IMAGE_ID
from moto_images import snapshot_ids_of

FAIL_IMAGE_PATH = "/moto-api/kiln/fail-image"
DEFAULT_FAILURE = {"Code": "Server.InternalError", "Message": "An internal error has occurred."}


def fail_image(image_id: str, code: str, message: str) -> dict[str, Any] | None:
    """Sets the image `failed` with that StateReason and its snapshots `error`; None when no region has it."""
    for _account, region, backend in list(ec2_backends.iter_backends()):
        ami = backend.amis.get(image_id)
        if ami is None:
            continue
        ami.__dict__["_kiln_failure"] = {"Code": code, "Message": message}
        snapshot_ids = snapshot_ids_of(ami)
        for snapshot_id in snapshot_ids:
            snapshot = backend.snapshots.get(snapshot_id)
            if snapshot is not None and "_kiln_error_progress" not in snapshot.__dict__:
                snapshot.__dict__["_kiln_error_progress"] = snapshot.progress
                snapshot.__dict__["_kiln_error_message"] = message
        return {"imageId": image_id, "region": region, "state": "failed", "snapshotIds": snapshot_ids}
    return None


class KilnImagesApi:
    """WSGI middleware: `POST /moto-api/kiln/fail-image` with `{"imageId", "code", "message"}` fails an image."""

    def __init__(self, app):  # type: ignore[no-untyped-def]
        self.app = app

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") != FAIL_IMAGE_PATH:
            return self.app(environ, start_response)
        status, body = self.fail(environ)
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    @staticmethod
    def fail(environ) -> tuple[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
        if environ.get("REQUEST_METHOD") != "POST":
            return "405 Method Not Allowed", {"error": f"use POST {FAIL_IMAGE_PATH}"}
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            request = json.loads(environ["wsgi.input"].read(length) or b"{}")
        except (ValueError, OSError) as error:
            return "400 Bad Request", {"error": f"the body must be JSON: {error}"}
        image_id = request.get("imageId") if isinstance(request, dict) else None
        if not isinstance(image_id, str) or not IMAGE_ID.match(image_id):
            return "400 Bad Request", {"error": 'give {"imageId": "ami-…", "code": "…", "message": "…"}'}
        code = str(request.get("code") or DEFAULT_FAILURE["Code"])
        message = str(request.get("message") or DEFAULT_FAILURE["Message"])
        result = fail_image(image_id, code, message)
        if result is None:
            return "404 Not Found", {"error": f"no region of this sandbox has the image {image_id}"}
        return "200 OK", result
