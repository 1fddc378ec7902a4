"""The six language packs, by ISO 639-1 code."""

from mailroom.samples.language import Language
from mailroom.samples.languages import de, en, fr, nl, pl, ro

LANGUAGES: dict[str, Language] = {
    pack.LANGUAGE.code: pack.LANGUAGE for pack in (en, de, fr, nl, pl, ro)
}
