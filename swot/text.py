"""Text comparison shared by every layer: the blind form two spellings of one thing share.

Standard library only, so the model can use it (the survey package, which needs pandas,
re-exports it as :func:`swot.survey.codebook.fold`).
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """Case-, space- and diacritics-blind form of a label, Polish-aware (``ł`` → ``l``).

    >>> fold("  Ani dobrze,  ani ŹLE ")
    'ani dobrze, ani zle'
    """
    if text.isascii():  # nothing to decompose, strip or replace: the same, sooner
        return " ".join(text.casefold().split())
    # Labels and answers repeat (a million cells hold a few hundred): short ones are remembered.
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


_SHORT = 256


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("–", "-").replace("—", "-").replace("„", '"').replace("”", '"')
    return " ".join(text.casefold().split())


_fold_short = functools.lru_cache(maxsize=4096)(_fold)
