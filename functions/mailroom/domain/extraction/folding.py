"""Case and accent folding that keeps every character in place.

Labels, month names and currency words are matched on folded text, so "Fälligkeit", "FALLIGKEIT"
and an OCR'd "Falligkeit" are one word. Folding is one character to one character: an offset in
the folded text is the same offset in the original, which is how a match finds its words' boxes."""

import unicodedata

# Letters without a decomposition that OCR and plain-ASCII writers replace all the same.
_EXTRA = {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ß", "–": "-", "—": "-", "−": "-"}


def _fold_char(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1:  # "İ".lower() is two characters
        lower = char
    if lower in _EXTRA:
        return _EXTRA[lower]
    decomposed = unicodedata.normalize("NFKD", lower)
    # Only strip combining marks: "½" decomposes to "1⁄2", which is not an accented "1".
    if all(unicodedata.combining(mark) for mark in decomposed[1:]) and decomposed[0].isprintable():
        return decomposed[0]
    return lower


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, same length as `text`."""
    return text.translate(_TABLE)
