"""Photos in the reading view: safe decoding off the UI thread, and the figure widget.

Decoding happens in a worker thread. Before any pixel is decoded the
declared size is checked (Pillow reads only the header on ``open``): an
image claiming more than ``MAX_PIXELS`` is refused, whatever its file size.
JPEGs are then decoded at a reduced scale with ``draft`` and every image is
shrunk to what the text column can show, so a 6000×4000 photo never costs
its full size in memory. A photo that cannot be shown leaves its caption and
a short "image unavailable" note.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from antd_tui.ui.i18n import Tr

MAX_PIXELS = 40_000_000  # declared width × height above this is refused before decoding
MAX_WIDTH_PX = 1024  # the widest the 90-cell column can use (about 11 px a cell)


def detect_graphics() -> None:
    """Let textual-image ask the terminal which graphics it speaks (kitty, Sixel, else half
    blocks). It does so when first imported, and must do it before Textual owns the terminal."""
    import textual_image.widget  # noqa: F401


class PhotoError(Exception):
    """A photo that cannot be shown; the message is for the note under the caption."""


def decode(path: Path, max_width: int = MAX_WIDTH_PX, *, url: str = "") -> PILImage:
    """Open, check and shrink one photo (worker thread). Raises ``PhotoError``."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                    raise PhotoError(f"{width}×{height} px is too large to show")
                target = (max_width, max(1, max_width * 2))
                image.draft("RGB", target)  # JPEG: decode at 1/2, 1/4 or 1/8 scale when enough
                image.thumbnail(target)
                shown = image.convert("RGB")
                shown.info["antd-url"] = url  # which photo this is (tests check none is stale)
                return shown
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("too large to show") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise PhotoError(f"not a readable image: {type(exc).__name__}") from None


class Figure(Vertical):
    """One image block: the photo (when shown) above its ``Ảnh N · caption`` line."""

    def __init__(self, number: int, caption: str | None, tr: Tr, *, photo: bool,
                 index: int) -> None:
        super().__init__(classes="figure", id=f"figure-{index}")
        self.number = number
        self.caption = caption
        self.tr = tr
        self.wants_photo = photo

    def compose(self) -> ComposeResult:
        if self.wants_photo:
            yield Static(Content(self.tr("photo.loading")), classes="photo-note")
        label = self.tr("reader.image", n=self.number)
        if self.caption:
            yield Static(Content.assemble((label, "bold"), (" · ", "dim"), self.caption),
                         classes="caption")
        else:
            yield Static(Content.styled(label, "bold"), classes="caption")

    async def show_photo(self, image: PILImage, widget_class: type[Widget]) -> None:
        notes = self.query(".photo-note")
        photo = widget_class(image, classes="photo")  # type: ignore[call-arg,arg-type]
        await self.mount(photo, before=0)
        await notes.remove()

    def photo_failed(self, reason: str) -> None:
        for note in self.query(".photo-note").results(Static):
            note.update(Content(self.tr("photo.unavailable", reason=reason)))
