"""What the activity log keeps of a note: the text itself when short, else a bounded excerpt.

Notes are saved as the learner types (every couple of seconds); logging the whole old and new
text each time made a 300 KB note saved 115 times grow the database to 69 MB. The log records
that a note changed, when, and enough to recognise it; the note itself is in ``notes``.
"""

from __future__ import annotations

import hashlib

# A note up to this many characters is logged whole; a longer one as an excerpt.
WHOLE_UP_TO = 280
EXCERPT_CHARS = 200


def note_excerpt(text: str) -> str:
    """``text`` when short; else its first characters, its length and a hash of it, e.g.
    ``"# Attention…" + " [12,345 characters, sha256 1f2e…]"`` (at most about 270 characters)."""
    if len(text) <= WHOLE_UP_TO:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{text[:EXCERPT_CHARS]}… [{len(text):,} characters, sha256 {digest}]"
