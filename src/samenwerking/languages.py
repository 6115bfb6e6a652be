"""The languages the program speaks, and a text written in each of them.

This is the one place that names language codes: Dutch (``nl``) first, since the program is
Dutch first, then English (``en``); other languages come from catalogues and rule files.
Everything else asks for :data:`DEFAULT_LANGUAGE` or passes the reader's choice along.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

DUTCH = "nl"
ENGLISH = "en"
#: What the program speaks unless the reader chose otherwise.
DEFAULT_LANGUAGE = DUTCH
#: The languages every text of the program and of a rule set is written in, in menu order.
BUILT_IN_LANGUAGES: tuple[str, ...] = (DUTCH, ENGLISH)
#: Babel's locale for writing numbers and dates in each built-in language.
NUMBER_LOCALES = {DUTCH: "nl_NL", ENGLISH: "en_GB"}

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class Text(BaseModel):
    """A user-facing text by language: Dutch (the default) and English, and any others.

    More languages are extra keys with their language code (``fy: ...``, ``de: ...``); a
    language a text lacks falls back to Dutch.

    Examples
    --------
    >>> text = Text(nl="Fusie", en="Merger", de="Fusion")
    >>> text("de"), text("fr"), text.languages
    ('Fusion', 'Fusie', ('nl', 'en', 'de'))
    """

    model_config = ConfigDict(extra="allow", frozen=True, allow_inf_nan=False)

    nl: str = Field(min_length=1, description="Dutch text (shown by default).")
    en: str = Field(min_length=1, description="English text.")

    @model_validator(mode="after")
    def _other_languages(self) -> Text:
        for code, value in (self.__pydantic_extra__ or {}).items():
            if not _LANGUAGE_CODE.match(code):
                raise PydanticCustomError(
                    "text_unknown_language",
                    "unknown key '{name}': a text has a key per language, such as nl, en, de",
                    {"name": code},
                )
            if not isinstance(value, str) or not value.strip():
                raise PydanticCustomError(
                    "text_language_empty",
                    "the '{name}' text must be non-empty text",
                    {"name": code},
                )
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes this text is written in."""
        return (DUTCH, ENGLISH, *(self.__pydantic_extra__ or {}))

    def __call__(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return the text in ``lang``, or the Dutch text when it has none in ``lang``."""
        if lang == ENGLISH:
            return self.en
        if lang == DUTCH:
            return self.nl
        extra = (self.__pydantic_extra__ or {}).get(lang)
        return extra if isinstance(extra, str) else self.nl


def formatted(template: Text, also: Iterable[str] = (), **values: object) -> Text:
    """``template`` with its ``{placeholders}`` filled in, in each language.

    A :class:`Text` value is taken in the same language as the template; ``also`` names
    languages beyond Dutch and English to write it in (as :func:`each_language`).

    Examples
    --------
    >>> step = Text(nl="intake", en="intake interview")
    >>> formatted(Text(nl="Niemand doet {step}", en="Nobody does {step}"), step=step)("en")
    'Nobody does intake interview'
    """

    def write(lang: str) -> str:
        filled = {k: v(lang) if isinstance(v, Text) else v for k, v in values.items()}
        return template(lang).format(**filled)

    return each_language(write, also=also)


def each_language(write: Callable[[str], str], *, also: Iterable[str] = ()) -> Text:
    """A :class:`Text` written by ``write(lang)`` for Dutch, English and each of ``also``.

    Why: a text built from other texts (a label in a sentence) must exist in every language the
    reader may choose; writing it once per language here keeps the codes out of the callers.

    Examples
    --------
    >>> each_language(lambda lang: f"<{lang}>")("en")
    '<en>'
    """
    others = {code: write(code) for code in also if code not in BUILT_IN_LANGUAGES}
    return Text(nl=write(DUTCH), en=write(ENGLISH), **others)
