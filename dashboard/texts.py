"""Every user-facing string of the dashboard, in Dutch (default) and English.

Rule-specific text (questions, labels, reasons) comes from the rule set; this table holds what
the dashboard itself says.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

_TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Samenwerkingskompas", "Collaboration compass"),
    "app_subtitle": (
        "Welke samenwerkingsvorm past bij uw corporatie, en waarom?",
        "Which form of collaboration fits your corporation, and why?",
    ),
    "ruleset": ("Regelset", "Rule set"),
    "language": ("Taal", "Language"),
    "tab_assessment": ("Zelfevaluatie", "Self-assessment"),
    "tab_advice": ("Advies", "Advice"),
    "tab_network": ("Netwerk", "Network"),
    "tab_scenarios": ("Scenario's", "Scenarios"),
    "tab_export": ("Opslaan en delen", "Save and share"),
    "progress": (
        "{answered} van {total} vragen beantwoord",
        "{answered} of {total} questions answered",
    ),
    "previous": ("Vorige", "Previous"),
    "next": ("Volgende", "Next"),
    "reset": ("Alle antwoorden wissen", "Clear all answers"),
    "group_count": ("{answered}/{total}", "{answered}/{total}"),
    "unanswered": ("nog niet beantwoord", "not answered yet"),
    "number_placeholder": ("aantal", "number"),
    "partners_heading": ("Uw partners", "Your partners"),
    "partners_help": (
        "Met wie wilt u samenwerken? Deze lijst gebruikt het netwerkvoorstel.",
        "Who do you want to work with? The network proposal uses this list.",
    ),
    "own_name": ("Naam van uw corporatie", "Name of your corporation"),
    "partner_name": ("Naam partner", "Partner name"),
    "partner_kind": ("Soort", "Kind"),
    "add_partner": ("Toevoegen", "Add"),
    "remove": ("Verwijderen", "Remove"),
    "no_partners": ("Nog geen partners.", "No partners yet."),
    "partner_name_empty": ("Vul een naam in.", "Enter a name."),
    "partner_kind_empty": ("Kies een soort.", "Choose a kind."),
    "partner_duplicate": ("Die naam staat al in de lijst.", "That name is already listed."),
    "partner_name_too_long": (
        "Die naam is langer dan 120 tekens; kort hem in.",
        "That name is longer than 120 characters; shorten it.",
    ),
    "partner_name_hash": (
        "Een naam mag niet met # beginnen.",
        "A name may not start with #.",
    ),
    "partner_limit": (
        "Er staan al 200 partners in de lijst; meer kan het netwerkvoorstel niet tekenen.",
        "There are already 200 partners in the list; the network proposal draws no more.",
    ),
    "state_repaired": (
        "Een deel van de in deze browser bewaarde gegevens paste niet bij deze regelset en is "
        "weggelaten.",
        "Part of the data kept in this browser did not fit this rule set and was left out.",
    ),
    "advice_missing": (
        "Het advies verschijnt zodra elke factor minstens één antwoord heeft. Nog open: {factors}.",
        "The advice appears once every factor has at least one answer. Still open: {factors}.",
    ),
    "ranking_heading": ("Rangorde van de vormen", "Ranking of the forms"),
    "score_help": (
        "Score 0-100; 50 is neutraal: geen regel pleit voor of tegen.",
        "Score 0-100; 50 is neutral: no rule speaks for or against.",
    ),
    "knocked_out": ("niet passend", "not advisable"),
    "weights_heading": ("Wat weegt voor u zwaar?", "What matters most to you?"),
    "weights_help": (
        "Schuif om thema's zwaarder of lichter te laten wegen; het advies past zich direct aan.",
        "Slide to weigh themes more or less; the advice updates at once.",
    ),
    "tradeoff_heading": ("Afwegingen", "Trade-offs"),
    "why_heading": ("Waarom deze score?", "Why this score?"),
    "why_help": (
        "Kies een vorm; beweeg over een balk voor de reden en de bron.",
        "Choose a form; hover a bar for the reason and the source.",
    ),
    "change_heading": ("Wat zou het advies veranderen?", "What would change the advice?"),
    "firmness_heading": ("Hoe vast staat het advies?", "How firm is the advice?"),
    "firmness_text": (
        "Bij {share:.0%} van {n} willekeurig gevarieerde gewichtenverdelingen blijft {form} de "
        "beste vorm.",
        "In {share:.0%} of {n} randomly varied weightings {form} remains the best form.",
    ),
    "flip_line": (
        "{factor}: van {current:g} naar {value:g} maakt {form} de beste vorm.",
        "{factor}: from {current:g} to {value:g} makes {form} the best form.",
    ),
    "no_flips": (
        "Geen enkele factor verandert op zichzelf het advies.",
        "No single factor changes the advice on its own.",
    ),
    "network_form": ("Vorm", "Form"),
    "network_top": ("{form} (best passend)", "{form} (best fit)"),
    "best_form": ("Best passende vorm", "Best-fitting form"),
    "governance": ("Besturingsvorm", "Governance mode"),
    "metrics": ("Kenmerken van dit netwerk", "Metrics of this network"),
    "reasons": ("Waarom deze opbouw", "Why this structure"),
    "warnings": ("Let op", "Note"),
    "download_png": ("Download als PNG", "Download as PNG"),
    "download_graphml": ("Download als GraphML", "Download as GraphML"),
    "network_needs_advice": (
        "Beantwoord eerst de zelfevaluatie; dan verschijnt hier het voorgestelde netwerk.",
        "Complete the self-assessment first; the proposed network then appears here.",
    ),
    "scenario_name": ("Naam van het scenario", "Scenario name"),
    "scenario_placeholder": ("bijv. Vandaag, Over drie jaar", "e.g. Today, In three years"),
    "save_scenario": ("Huidige antwoorden bewaren", "Save current answers"),
    "scenario_saved": ("Scenario '{name}' bewaard.", "Scenario '{name}' saved."),
    "scenario_name_empty": ("Geef het scenario een naam.", "Give the scenario a name."),
    "scenario_incomplete": (
        "Beantwoord eerst alle factoren; een scenario bewaart een volledig advies.",
        "Answer every factor first; a scenario keeps a complete advice.",
    ),
    "scenario_limit": (
        "U kunt hooguit {n} scenario's vergelijken.",
        "You can compare at most {n} scenarios.",
    ),
    "scenario_compare": ("Vergelijk (hooguit 4)", "Compare (at most 4)"),
    "scenario_none": ("Nog geen scenario's bewaard.", "No scenarios saved yet."),
    "scenario_load": ("Laden", "Load"),
    "scenario_delete": ("Verwijderen", "Delete"),
    "scenario_top": ("Beste vorm", "Best form"),
    "scenario_differs": ("Verschillen in de antwoorden", "Differences in the answers"),
    "scenario_same": (
        "De gekozen scenario's hebben dezelfde antwoorden.",
        "The chosen scenarios have the same answers.",
    ),
    "export_heading": ("Opslaan, terugzetten en afdrukken", "Save, restore and print"),
    "export_help": (
        "Alles wat u invult blijft alleen in uw eigen browser. Download een dossier om het te "
        "bewaren of te delen, en zet het later terug.",
        "Everything you enter stays in your own browser only. Download a dossier to keep or "
        "share it, and restore it later.",
    ),
    "download_json": ("Download dossier (JSON)", "Download dossier (JSON)"),
    "download_report": ("Download rapport (HTML, afdrukbaar)", "Download report (HTML, printable)"),
    "upload": (
        "Sleep een dossier hierheen of klik om te kiezen",
        "Drop a dossier here or click to choose",
    ),
    "upload_ok": (
        "Dossier teruggezet: {answers} antwoorden, {partners} partners (opgeslagen {saved_at}).",
        "Dossier restored: {answers} answers, {partners} partners (saved {saved_at}).",
    ),
    "upload_failed": (
        "Dit bestand kan niet worden teruggezet: {reason}. Uw huidige antwoorden zijn bewaard.",
        "This file cannot be restored: {reason}. Your current answers are kept.",
    ),
    "report_needs_advice": (
        "Het rapport vraagt een volledig advies: beantwoord eerst alle factoren.",
        "The report needs a complete advice: answer every factor first.",
    ),
    "footer": (
        "Advies op basis van regelset {name} {version} ({hash}). Uw antwoorden blijven in uw "
        "eigen browser.",
        "Advice based on rule set {name} {version} ({hash}). Your answers stay in your own "
        "browser.",
    ),
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """The string ``key`` in ``lang`` with its ``{placeholders}`` filled in.

    Examples
    --------
    >>> text("progress", "en", answered=3, total=10)
    '3 of 10 questions answered'
    """
    nl, en = _TEXTS[key]
    return (en if lang == "en" else nl).format(**values)


def language(value: str | None) -> str:
    """A supported language code; anything else falls back to Dutch."""
    return value if value in LANGUAGES else "nl"
