"""Every user-facing string of the dashboard, from the translation catalogues.

Rule-specific text (questions, labels, reasons) comes from the rule set; the dashboard's own
strings are the ``dashboard.*`` keys of ``samenwerking/locales/<language>.yaml``.
"""

from __future__ import annotations

from samenwerking.translations import DEFAULT_LANGUAGE, catalogues, languages, say

#: Dashboard keys live in the catalogues under this prefix (``dashboard.progress``).
PREFIX = "dashboard."


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string ``key`` in ``lang`` with its ``{placeholders}`` filled in.

    The dashboard's own keys are ``dashboard.<key>``; a key the library shares (a partner
    name problem, for instance) is used as it is.

    Examples
    --------
    >>> text("progress", "en", answered=3, total=10)
    '3 of 10 questions answered'
    """
    own = PREFIX + key
    return say(own if own in catalogues()[DEFAULT_LANGUAGE] else key, lang, **values)


def language(value: str | None) -> str:
    """A language with a catalogue; anything else falls back to Dutch."""
    return value if value in languages() else DEFAULT_LANGUAGE


def sentence(words: str) -> str:
    """A library message shown on its own, as a sentence: with a capital.

    The catalogue words it to follow "fout:" on the command line, hence lowercase there.

    >>> sentence("de sessiedatabase is even niet bereikbaar")
    'De sessiedatabase is even niet bereikbaar'
    """
    return words[:1].upper() + words[1:]
