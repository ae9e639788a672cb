"""Images: find and check the picture a touchpoint's `image:` names, ready to embed as a data URI.

This is the pipeline's edge for pictures: the one place that reads image files, so no renderer
ever touches the disk. A picture is only taken when its content (not its name) says PNG, JPEG or
WebP and it is at most 2 MB; anything else is an error at the `image:` value, in the writer's words.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass

from journeymap.codes import ErrorCode
from journeymap.findings import Finding
from journeymap.loader import Document
from journeymap.model import Journey

LARGEST = 2 * 1024 * 1024
"""The most bytes an image may have: reports embed every image, and pages must stay quick to open."""

# The first bytes of each format a browser shows everywhere, and the media type a data URI names.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_WEBP = (b"RIFF", b"WEBP")


@dataclass(frozen=True)
class Image:
    """The checked content of one touchpoint's image."""

    path: str
    media_type: str
    data: bytes

    @property
    def data_uri(self) -> str:
        """The image as a `data:` URI, for an <img src> that needs no file next to the page."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def media_type(data: bytes) -> str | None:
    """image/png, image/jpeg or image/webp when the bytes start like one, else None."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == _WEBP[0] and data[8:12] == _WEBP[1]:
        return "image/webp"
    return None


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} kB"


def load_images(document: Document, journey: Journey) -> tuple[dict[str, Image], list[Finding]]:
    """The images of a journey's touchpoints by touchpoint id, and an error for each that cannot be used.

    Paths are relative to the journey file's folder, written with / on every system.
    """
    folder = os.path.dirname(os.path.abspath(document.path))
    images: dict[str, Image] = {}
    findings: list[Finding] = []
    for i, point in enumerate(journey.touchpoints):
        if point.image is None:
            continue
        image, problem = _load(folder, point.image)
        if image is not None:
            images[point.id] = image
        else:
            findings.append(
                document.error(("touchpoints", i, "image"), ErrorCode.BAD_IMAGE, f"image {point.image!r} {problem}")
            )
    return images, findings


def _load(folder: str, written: str) -> tuple[Image | None, str]:
    if not written.strip():
        return None, "is empty; write the picture's file name, relative to the journey file"
    if os.path.isabs(written) or written.startswith(("/", "\\")) or (len(written) > 1 and written[1] == ":"):
        return None, "is an absolute path; write it relative to the journey file, e.g. images/checkout.png"
    path = os.path.normpath(os.path.join(folder, *written.replace("\\", "/").split("/")))
    if not os.path.exists(path):
        return None, f"does not exist (looked for {path}); check the name, relative to the journey file"
    if not os.path.isfile(path):
        return None, "is a folder, not a picture; name a PNG, JPEG or WebP file"
    try:
        size = os.path.getsize(path)
        if size > LARGEST:
            return None, (
                f"is {_size(size)}; images are embedded in reports and may be at most {_size(LARGEST)}: "
                "crop it or save it smaller (JPEG or WebP)"
            )
        with open(path, "rb") as file:
            data = file.read(LARGEST + 1)
    except OSError as error:
        return None, f"cannot be read: {error.strerror}"
    kind = media_type(data)
    if kind is None:
        return None, "is not a PNG, JPEG or WebP picture (checked by its content); save it as one of those"
    return Image(written, kind, data), ""


def images_of(images: Mapping[str, Image], journey: Journey) -> list[tuple[str, Image]]:
    """(touchpoint id, image) in the journey's order, for renderers that show them."""
    return [(point.id, images[point.id]) for point in journey.touchpoints if point.id in images]
