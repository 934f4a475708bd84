"""File names that say what they hold: "thanh-vien_son-la_quy-iii-2024.xlsx" from "Thành viên", "Sơn La", "Quý III/2024".

Names are plain lower-case ASCII (Vietnamese diacritics removed, đ -> d) so they survive every mail
client, zip tool and file system. This module only builds names; it must never touch the file system,
never add an extension and never put user text into a name without ``slug``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text) -> str:
    """'Đà Nẵng' -> 'da-nang'; 'Quý III/2024' -> 'quy-iii-2024'; at most ``MAX_SLUG`` characters, cut at a hyphen."""
    if text is None:
        return ""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_ALNUM.sub("-", text.lower()).strip("-")
    if len(text) > MAX_SLUG:
        cut = text[:MAX_SLUG + 1]
        text = cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2:] else text[:MAX_SLUG]
        text = text.strip("-")
    return text


def stem(*parts) -> str:
    """Non-empty slugs of ``parts`` joined with '_': stem('Thành viên', 'Sơn La', 'Quý III/2024')."""
    return "_".join(s for s in (slug(p) for p in parts) if s)
