"""User-facing text of the library and CLI, in Dutch (default) and English.

Rule-specific text (reasons, labels, questions) lives in the rule files; this table holds only
what the engine and the command line say themselves.
"""

from __future__ import annotations

from samenwerking.rules.schema import Text

LANGUAGES = ("nl", "en")

_TABLE: dict[str, tuple[str, str]] = {
    "base_reason": (
        "Neutraal startpunt: geen regel pleit voor of tegen deze vorm.",
        "Neutral starting point: no rule speaks for or against this form.",
    ),
    "advice_title": ("Advies samenwerkingsvorm", "Advice on the form of collaboration"),
    "rank": ("Rang", "Rank"),
    "form": ("Vorm", "Form"),
    "score": ("Score", "Score"),
    "top_reasons": ("Belangrijkste redenen", "Main reasons"),
    "knocked_out": ("Niet passend", "Not advisable"),
    "rules_used": ("Regelset", "Rule set"),
    "margin": (
        "Verschil tussen nummer 1 en 2: {margin:.1f} punten",
        "Gap between first and second: {margin:.1f} points",
    ),
    "source": ("bron", "source"),
    "evidence_literature": ("literatuur", "literature"),
    "evidence_law": ("wet", "law"),
    "evidence_seed": ("MKW-verkenning", "MKW study tour"),
    "evidence_expert_judgement": ("oordeel ontwikkelteam", "development team's judgement"),
    "clear_advice": (
        "{form} past het best ({score}), {margin} punten voor {second}.",
        "{form} fits best ({score}), {margin} points ahead of {second}.",
    ),
    "no_clear_advice": (
        "Geen duidelijk advies: {forms} passen ongeveer even goed (minder dan {margin} punten "
        "verschil).",
        "No clear advice: {forms} fit about equally well (less than {margin} points apart).",
    ),
    "separating_heading": ("Wat de doorslag zou geven:", "What would settle it:"),
    "separating_line": (
        "{form} wordt duidelijk advies als {factor} {value} is in plaats van {current}.",
        "{form} becomes the clear advice if {factor} is {value} instead of {current}.",
    ),
    "and": ("en", "and"),
    # rules profile
    "profile_title": ("Kalibratierapport van {rules}", "Calibration report of {rules}"),
    "profile_sample": (
        "Steekproef: {sample}, {n} situaties (seed {seed}).",
        "Sample: {sample}, {n} situations (seed {seed}).",
    ),
    "sample_realistic": ("realistisch (zoals de regelset die opgeeft)", "realistic (as declared)"),
    "sample_uniform": ("uniform over elk bereik", "uniform over every range"),
    "profile_wins": ("Wint", "Wins"),
    "profile_last": ("Laatste", "Last"),
    "profile_ranks": ("Rangverdeling (rang 1 t/m {k})", "Rank distribution (rank 1 to {k})"),
    "profile_knocked": ("Knock-out", "Knocked out"),
    "profile_margin": (
        "Verschil tussen nummer 1 en 2 (punten): 10% {p10}, 25% {p25}, mediaan {p50}, "
        "75% {p75}, 90% {p90}.",
        "Gap between first and second (points): 10% {p10}, 25% {p25}, median {p50}, "
        "75% {p75}, 90% {p90}.",
    ),
    "profile_unclear": (
        "Geen duidelijk advies (verschil onder {margin} punten): {share} van de situaties.",
        "No clear advice (gap under {margin} points): {share} of the situations.",
    ),
    "profile_populations": ("Winnaars per populatie", "Winners per population"),
    "profile_population_line": ("{id} ({size} situaties)", "{id} ({size} situations)"),
    "profile_shuffle": (
        "Invloed per factor: hoe vaak de beste vorm verandert als die factor door de "
        "steekproef wordt geschud",
        "Influence per factor: how often the best form changes when that factor is shuffled "
        "across the sample",
    ),
    "population_result": (
        "{share} krijgt {forms} (verwacht {bound}); {size} situaties",
        "{share} get {forms} (expected {bound}); {size} situations",
    ),
    "at_least": ("ten minste {value}", "at least {value}"),
    "at_most": ("ten hoogste {value}", "at most {value}"),
    "coverage_all": (
        "Elke regel is gedekt: het weglaten van welke regel ook laat een test mislukken.",
        "Every rule is covered: leaving out any rule makes a test fail.",
    ),
    "coverage_missing": (
        "{count} regels zonder test die hun weglating merkt: {ids}",
        "{count} rules whose removal no test notices: {ids}",
    ),
    "check_ok": (
        "Regelset '{name}' {version} is in orde: {forms} vormen, {factors} factoren, "
        "{rules} regels, {knockouts} knock-outs.",
        "Rule set '{name}' {version} is valid: {forms} forms, {factors} factors, "
        "{rules} rules, {knockouts} knock-outs.",
    ),
    "test_pass": ("GESLAAGD", "PASS"),
    "test_fail": ("MISLUKT", "FAIL"),
    "tests_summary": ("{passed} geslaagd, {failed} mislukt", "{passed} passed, {failed} failed"),
    # Network proposal
    "lead_rule": (
        "Leidende organisatie: {lead}. De partners zeggen niet wie het meeste vertrouwen of de "
        "meeste middelen heeft; daarom, als terugval, het eerste lid van de eerste soort in de "
        "voorkeurslijst ({order}), de eigen corporatie eerst bij gelijke soort.",
        "Lead organisation: {lead}. The partners do not say who holds the most trust or "
        "resources; so, as a fallback, the first member of the first kind in the order of "
        "preference ({order}), the own corporation first within its kind.",
    ),
    "governance_conditions": (
        "Voorwaarden die gelden: {held}. Niet voldaan: {failed}. (* = noodzakelijke voorwaarde)",
        "Conditions that hold: {held}. Not met: {failed}. (* = necessary condition)",
    ),
    "lead_by_candidate": (
        "Leidende organisatie: {lead}, door de partners als kandidaat aangewezen.",
        "Lead organisation: {lead}, named by the partners as candidate.",
    ),
    "lead_by_standing": (
        "Leidende organisatie: {lead}, de partner met het meeste vertrouwen en de meeste "
        "middelen (vertrouwen {trust}, middelen {resources}).",
        "Lead organisation: {lead}, the partner holding the most trust and resources "
        "(trust {trust}, resources {resources}).",
    ),
    "warning_merger_folds_many": (
        "Deze fusie voegt {count} corporaties samen tot één organisatie. De meeste corporaties "
        "werken al met schaalnadelen (Veenstra, Koolma & Allers 2017): weeg af of een kleinere "
        "fusie of gedeelde diensten volstaan.",
        "This merger folds {count} corporations into one organisation. Most corporations "
        "already operate under diseconomies of scale (Veenstra, Koolma & Allers 2017): weigh "
        "whether a smaller merger or shared services suffice.",
    ),
    "warning_no_merger_partner": (
        "Er is geen andere corporatie onder de partners: een fusie is zo niet mogelijk.",
        "There is no other corporation among the partners: a merger is not possible this way.",
    ),
    "metric_ties_total": (
        "Relaties in totaal: hoeveel verbindingen het hele netwerk onderhoudt.",
        "Ties in total: how many connections the whole network maintains.",
    ),
    "metric_ties_own": (
        "Eigen relaties: hoeveel verbindingen uw corporatie zelf moet onderhouden.",
        "Own ties: how many connections your corporation must maintain itself.",
    ),
    "metric_density": (
        "Dichtheid: het deel van alle mogelijke relaties tussen de organisaties dat bestaat "
        "(0 tot 1).",
        "Density: the share of all possible ties between the organisations that exist (0 to 1).",
    ),
    "metric_centralisation": (
        "Centralisatie (Freeman): 1 als alles via één organisatie loopt, 0 als iedereen even "
        "veel relaties heeft.",
        "Centralisation (Freeman): 1 when everything runs through one organisation, 0 when all "
        "have as many ties.",
    ),
    "metric_betweenness_own": (
        "Makelaarspositie: hoe vaak uw corporatie op de kortste weg tussen twee anderen ligt "
        "(0 tot 1).",
        "Broker position: how often your corporation lies on the shortest path between two "
        "others (0 to 1).",
    ),
    "metric_coordination_load": (
        "Coördinatielast: de opgetelde onderhoudslast van uw relaties (elke relatie 0 tot 1).",
        "Coordination load: the summed upkeep of your ties (each tie 0 to 1).",
    ),
    "metric_autonomy_mean": (
        "Behouden autonomie: hoeveel zeggenschap de leden gemiddeld houden (0 tot 1).",
        "Autonomy kept: how much say the members keep on average (0 to 1).",
    ),
    "metric_nodes": ("Organisaties in het netwerk.", "Organisations in the network."),
    "governance_mode": ("Besturingsvorm", "Governance mode"),
    "fits_in": ("binnen", "within"),
    "fits_out": ("buiten", "outside"),
    "proposal_title": ("{form}: {nodes} organisaties", "{form}: {nodes} organisations"),
    "reasons": ("Waarom deze opbouw", "Why this structure"),
    "metrics": ("Kenmerken", "Metrics"),
    "warnings": ("Let op", "Note"),
    "role_own": ("eigen corporatie", "own corporation"),
    "role_member": ("lid", "member"),
    "role_stakeholder": ("belanghouder", "stakeholder"),
    "role_merged_organisation": ("gefuseerde organisatie", "merged organisation"),
    "role_formula_owner": ("formule-eigenaar", "formula owner"),
    "role_franchisee": ("franchisenemer", "franchisee"),
    "role_shared_service": ("gedeelde dienst", "shared service"),
    "role_lead_organisation": ("leidende organisatie", "lead organisation"),
    "role_network_administrative_organisation": (
        "netwerkorganisatie (NAO)",
        "network administrative organisation (NAO)",
    ),
    "role_chain_director": ("ketenregisseur", "chain director"),
    "role_unfilled_step": ("open stap", "unfilled step"),
    "role_broker": ("makelaar", "broker"),
    "role_residents": ("bewoners", "residents"),
    "role_local_partner": ("lokale partner", "local partner"),
    "acceptability_title": (
        "Hoe vast staat de rangorde? Aandeel van {n} gewichtenverdelingen (spreiding {spread:g})",
        "How firm is the ranking? Share of {n} sampled weightings (spread {spread:g})",
    ),
    "flip_title": (
        "Wat verandert het advies ({top})? Kleinste wijziging per factor",
        "What would change the advice ({top})? Smallest change per factor",
    ),
    "no_flip": ("geen waarde verandert het advies", "no value changes the advice"),
    "axis_min": ("minimum", "minimum"),
    "axis_max": ("maximum", "maximum"),
    "tradeoff_title": (
        "Afwegingen per thema (50 = neutraal)",
        "Trade-offs per theme (50 = neutral)",
    ),
    "waterfall_title": ("Hoe de score van {form} ontstaat", "How the score of {form} is built"),
    "base_label": ("Startpunt", "Starting point"),
    "ranking": ("Rangorde", "Ranking"),
    "weights": ("Gewichten", "Weights"),
    "network_heading": ("Voorgesteld netwerk", "Proposed network"),
    "situation_heading": ("Uw situatie", "Your situation"),
    "dossier_too_large": ("het bestand is groter dan {kb} kB", "the file is larger than {kb} kB"),
    "dossier_not_json": (
        "het is geen samenwerking-dossier (geen geldige JSON)",
        "it is not a samenwerking dossier (no valid JSON)",
    ),
    "dossier_not_dossier": (
        "het is geen samenwerking-dossier (het kenmerk 'format' ontbreekt)",
        "it is not a samenwerking dossier (the 'format' mark is missing)",
    ),
    "dossier_damaged": (
        "het dossier is beschadigd: {where}: {problem}",
        "the dossier is damaged: {where}: {problem}",
    ),
    "dossier_unknown_question": (
        "het dossier beantwoordt een vraag die deze regelset niet kent: '{question}'",
        "the dossier answers a question this rule set does not have: '{question}'",
    ),
    "dossier_bad_answer": (
        "het antwoord op '{question}' past niet in de antwoordschaal",
        "the answer to '{question}' does not fit the answer scale",
    ),
    "dossier_bad_partner": (
        "partner '{name}' heeft een onbekende soort '{kind}'",
        "partner '{name}' has an unknown kind '{kind}'",
    ),
    "dossier_bad_weight": (
        "het gewicht '{theme}' past niet bij deze regelset",
        "the weight '{theme}' does not fit this rule set",
    ),
    "dossier_bad_answers": (
        "de antwoorden passen niet bij de vragenlijst: {problem}",
        "the answers do not fit the questionnaire: {problem}",
    ),
    "kind_new": ("Nieuw op te richten", "To be set up"),
    "kind_service": ("Gedeelde dienst", "Shared service"),
    "kind_missing": ("Ontbreekt nog", "Still missing"),
}


def translate(key: str) -> Text:
    """The text for ``key`` in both languages.

    Examples
    --------
    >>> translate("rank")("en")
    'Rank'
    """
    nl, en = _TABLE[key]
    return Text(nl=nl, en=en)


def say(key: str, lang: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    return translate(key)(lang).format(**values)
