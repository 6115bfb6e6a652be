"""What the program itself says, in every language it has a catalogue for.

Each language is one YAML catalogue in ``samenwerking/locales/`` (``nl.yaml``, ``en.yaml``): a
flat mapping from a key to a text with ``{placeholders}``. A plain YAML catalogue rather than
gettext: the same format advisers already edit in ``rules/``, readable without tools, no
compile step, and keys that stay stable when a sentence is reworded. Adding a language is
adding one catalogue (more folders can be named in ``SAMENWERKING_LOCALES``, separated by the
path separator); a key a catalogue lacks falls back to Dutch, the default language.

Rule-specific text (reasons, labels, questions) lives in the rule files, as :class:`Text`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from samenwerking.languages import BUILT_IN_LANGUAGES, NUMBER_LOCALES, Text
from samenwerking.languages import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE

LOCALES_DIR = Path(__file__).parent / "locales"
#: A catalogue is small; a file larger than this is not one.
MAX_CATALOGUE_BYTES = 1_000_000


def catalogue_folders() -> list[Path]:
    """The bundled catalogues, then any folders named in ``SAMENWERKING_LOCALES``."""
    extra = os.environ.get("SAMENWERKING_LOCALES", "")
    return [LOCALES_DIR, *(Path(p) for p in extra.split(os.pathsep) if p)]


@cache
def catalogues(folders: tuple[Path, ...] | None = None) -> dict[str, dict[str, str]]:
    """Every catalogue by language code; later folders add keys to (or add) a language."""
    found: dict[str, dict[str, str]] = {}
    for folder in folders or tuple(catalogue_folders()):
        for path in sorted(Path(folder).glob("*.yaml")):
            found.setdefault(path.stem, {}).update(_read_catalogue(path))
    return found


def _read_catalogue(path: Path) -> dict[str, str]:
    """A catalogue's texts; a file that is not a flat mapping of texts contributes nothing."""
    try:
        if path.stat().st_size > MAX_CATALOGUE_BYTES:
            return {}
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def languages() -> tuple[str, ...]:
    """The language codes there are catalogues for: Dutch first, then English, then others."""
    order = {code: place for place, code in enumerate(BUILT_IN_LANGUAGES)}
    return tuple(sorted(catalogues(), key=lambda code: (order.get(code, 2), code)))


def translate(key: str) -> Text:
    """The text for ``key`` in every language (missing ones fall back to Dutch).

    Examples
    --------
    >>> translate("rank")("en")
    'Rank'
    """
    texts = catalogues()
    dutch = texts[DEFAULT_LANGUAGE][key]  # a key Dutch lacks is a programming error
    return Text(**{lang: texts[lang].get(key, dutch) for lang in languages()})


def say(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in.

    Examples
    --------
    >>> say("tests_summary", "nl", passed=3, failed=0)
    '3 geslaagd, 0 mislukt'
    """
    texts = catalogues()
    text = texts.get(lang, {}).get(key) or texts[DEFAULT_LANGUAGE][key]
    return text.format(**values)


def say_count(key: str, lang: str, count: int, **values: object) -> str:
    """``say`` for a sentence about ``count`` things, in the plural form ``lang`` uses.

    The form comes from Babel's CLDR plural rules (``one``, ``few``, ``many``, ...): the
    catalogue's ``<key>_<form>`` when it has one, else ``<key>`` (Dutch and English need
    ``_one`` only).

    Examples
    --------
    >>> say_count("errors_found", "nl", 1), say_count("errors_found", "nl", 3)
    ('1 fout gevonden.', '3 fouten gevonden.')
    """
    form = plural_form(lang, count)
    texts = catalogues()
    plural = f"{key}_{form}"
    chosen = plural if plural in texts.get(lang, {}) or plural in texts[DEFAULT_LANGUAGE] else key
    return say(chosen, lang, count=count, **values)


def plural_form(lang: str, count: int) -> str:
    """CLDR's plural category of ``count`` in ``lang`` (``one``, ``other``, ...).

    Examples
    --------
    >>> plural_form("nl", 1), plural_form("nl", 3), plural_form("pl", 3)
    ('one', 'other', 'few')
    """
    try:
        locale = Locale.parse(NUMBER_LOCALES.get(lang, lang))
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(NUMBER_LOCALES[DEFAULT_LANGUAGE])
    return str(locale.plural_form(count))
