"""``samenwerking rules``: the rule authors' commands.

Check, test, watch, profile, diff, doc, schema and new, on the workbench of
:mod:`samenwerking.authoring`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from samenwerking.authoring.book import rule_book_html, rule_book_markdown, rule_book_pdf
from samenwerking.authoring.diff import diff_html, diff_rule_sets, diff_text
from samenwerking.authoring.new import new_rule_set, rule_file_schema_json
from samenwerking.authoring.profile import (
    DEFAULT_SIZE,
    DEFAULT_THRESHOLD,
    MAX_PROFILE_SIZE,
    compare_profiles,
    comparison_text,
    profile_html,
    profile_rules,
    profile_text,
)
from samenwerking.authoring.testing import (
    load_population_tests,
    rule_test_problems,
    run_rule_tests,
    test_reference_problems,
    uncovered_rules,
    unproven_tests,
)
from samenwerking.authoring.warnings import rule_set_warnings
from samenwerking.authoring.watch import watch
from samenwerking.cli.common import (
    LANG_OPTION,
    SEED_OPTION,
    reports_errors,
)
from samenwerking.errors import (
    Problem,
    RuleSetError,
    SamenwerkingError,
    display_path,
    msg,
    words,
)
from samenwerking.files import write_bytes_atomically, write_text_atomically
from samenwerking.numbers import format_number, format_share
from samenwerking.rules.expressions import ExpressionSyntaxError
from samenwerking.rules.loader import declared_names, load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.translations import say, say_count


def load_rules_and_tests(folder: Path) -> RuleSet:
    """The rule set; if it has errors, those and the tests' own errors, in one report."""
    try:
        return load_rules(folder)
    except RuleSetError as e:
        names = declared_names(folder)
        raise RuleSetError([*e.problems, *test_reference_problems(folder, names)]) from None


@click.group("rules")
def rules_group() -> None:
    """Check, test and document rule sets (the YAML files in rules/)."""


@rules_group.command("check")
@click.argument("folder", type=click.Path(path_type=Path), default="rules", required=False)
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
@LANG_OPTION
@reports_errors
def rules_check(folder: Path, strict: bool, lang: str) -> None:
    """Load FOLDER and report every error at once (exit status 1 if any), then warnings."""
    rules = load_rules_and_tests(folder)
    test_problems = rule_test_problems(rules, folder)
    if test_problems:
        raise RuleSetError(test_problems)
    click.echo(
        say(
            "check_ok",
            lang,
            name=rules.metadata.name,
            version=rules.metadata.version,
            forms=len(rules.forms),
            factors=len(rules.factors),
            rules=len(rules.rules),
            knockouts=len(rules.knockouts),
        )
    )
    warnings = rule_set_warnings(rules)
    for warning in warnings:
        click.echo(warning.text(lang), err=True)
    if warnings:
        click.echo(say_count("warnings_found", lang, len(warnings)), err=True)
        if strict:
            sys.exit(1)


@rules_group.command("test")
@click.argument("folder", type=click.Path(path_type=Path), default="rules", required=False)
@click.option(
    "--coverage",
    is_flag=True,
    help="Also list the rules whose removal no test would notice (removes each in turn).",
)
@click.option(
    "--prove",
    is_flag=True,
    help="Also remove the rules each test is about and warn about tests that still pass.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 when --prove warns too.")
@LANG_OPTION
@reports_errors
def rules_test(folder: Path, coverage: bool, prove: bool, strict: bool, lang: str) -> None:
    """Run the scenario, population and path tests in FOLDER/tests (exit 1 on a failure)."""
    rules = load_rules_and_tests(folder)
    report = run_rule_tests(rules, folder)
    for result in report.results:
        test = result.case.test
        verdict = say("test_pass" if result.passed else "test_fail", lang)
        click.echo(f"{verdict:<9}{test.id}  ({result.case.location})")
        if result.passed:
            continue
        click.echo(f"         {test.description(lang)}")
        for failure in result.failures:
            click.echo(f"         - {words(failure, lang)}")
        if result.error:
            click.echo(f"         - {words(result.error, lang)}")
        if result.advice is not None:
            ranked = ", ".join(f"{f} {result.advice.scores[f]:.1f}" for f in result.advice.ranking)
            click.echo(f"         {say('ranking', lang).lower()}: {ranked}")
            for form in result.advice.ranking[:2]:
                decisive = ", ".join(
                    f"{c.rule_id} {c.points:+.1f}" for c in result.advice.reasons(form, 4)
                )
                click.echo(f"         {form}: {decisive}")
    for population in report.populations:
        wanted = population.case.test
        verdict = say("test_pass" if population.passed else "test_fail", lang)
        click.echo(f"{verdict:<9}{wanted.id}  ({population.case.location})")
        expect = wanted.expect
        bound = " / ".join(
            say(key, lang, value=format_share(value, lang, 0))
            for key, value in (("at_least", expect.at_least), ("at_most", expect.at_most))
            if value is not None
        )
        forms = ", ".join(
            rules.label("form", f, lang) for f in expect.top_in if f in rules.forms_by_id
        )
        click.echo(
            "         "
            + say(
                "population_result",
                lang,
                share=format_share(population.share, lang),
                forms=forms,
                bound=bound,
                size=population.size,
            )
        )
        for failure in population.failures:
            click.echo(f"         - {words(failure, lang)}")
        if population.error:
            click.echo(f"         - when: {words(population.error, lang)}")
    for route in report.paths:
        verdict = say("test_pass" if route.passed else "test_fail", lang)
        click.echo(f"{verdict:<9}{route.case.test.id}  ({route.case.location})")
        click.echo("         " + say("path_result", lang, route=" → ".join(route.stages)))
        for failure in route.failures:
            click.echo(f"         - {words(failure, lang)}")
        if route.error:
            click.echo(f"         - {words(route.error, lang)}")
    click.echo(say("tests_summary", lang, passed=report.passed, failed=report.failed))
    if coverage:
        missing = uncovered_rules(rules, folder, report)
        if missing:
            click.echo(say("coverage_missing", lang, count=len(missing), ids=", ".join(missing)))
        else:
            click.echo(say("coverage_all", lang))
    unproven = unproven_tests(rules, folder, report) if prove else []
    for weak in unproven:
        click.echo(
            Problem(
                weak.location,
                msg("test_proves_nothing", name=weak.test_id, count=len(weak.removed)),
                hint=msg(
                    "test_proves_nothing_hint",
                    factors=", ".join(weak.factors),
                    rules=", ".join(weak.removed[:6]) + (" ..." if len(weak.removed) > 6 else ""),
                ),
                severity="error" if strict else "warning",
            ).text(lang),
            err=True,
        )
    if prove:
        click.echo(say_count("unproven_summary", lang, len(unproven)), err=True)
    if report.failed or (strict and unproven):
        sys.exit(1)


@rules_group.command("watch")
@click.argument("folder", type=click.Path(path_type=Path), default="rules", required=False)
@click.option(
    "--situation",
    "situation_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Situation to show the advice for (default: the example situation).",
)
@LANG_OPTION
@reports_errors
def rules_watch(folder: Path, situation_file: Path | None, lang: str) -> None:
    """Watch FOLDER: on every save, check and test it and show the advice and what changed."""
    if not folder.is_dir():
        load_rules(folder)  # the usual message for a folder that is not there
    watch(folder, situation_file, lang, click.echo)


@rules_group.command("profile")
@click.argument("folder", type=click.Path(path_type=Path), default="rules", required=False)
@click.option(
    "--sample",
    type=click.Choice(["realistic", "uniform"]),
    default="realistic",
    show_default=True,
    help="The rule set's declared realistic population, or every factor uniform.",
)
@click.option("--n", "size", default=DEFAULT_SIZE, show_default=True, help="Situations to draw.")
@SEED_OPTION
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the report with charts to this HTML file.",
)
@click.option(
    "--when",
    "conditions",
    multiple=True,
    help="Also the winners where this condition holds, in the rule language "
    "(e.g. 'trust <= 1.5'); may be given more than once.",
)
@click.option(
    "--since",
    "since",
    type=click.Path(path_type=Path),
    default=None,
    help="An earlier rule set: its shares beside these, on the same situations.",
)
@click.option(
    "--threshold",
    default=DEFAULT_THRESHOLD * 100,
    show_default=True,
    help="With --since: flag forms whose win share moved more than this many points.",
)
@LANG_OPTION
@reports_errors
def rules_profile(
    folder: Path,
    sample: str,
    size: int,
    seed: int,
    html_out: Path | None,
    conditions: tuple[str, ...],
    since: Path | None,
    threshold: float,
    lang: str,
) -> None:
    """Calibration report of FOLDER: how the advice is spread over a sample of situations.

    Win shares and ranks per form, margins and the share without clear advice, knock-outs,
    winners within the populations of the population tests and within each --when
    condition, and each factor's influence.
    """
    if not 1 <= size <= MAX_PROFILE_SIZE:
        # A billion situations asked for 23,5 GB before the system stopped the process.
        raise SamenwerkingError(
            msg(
                "profile_size",
                size=format_number(size, lang, 0),
                most=format_number(MAX_PROFILE_SIZE, lang, 0),
            )
        )
    rules = load_rules(folder)
    check_conditions(conditions, rules)
    try:
        populations = [case.test for case in load_population_tests(folder)]
    except RuleSetError:
        populations = []  # no or broken tests: 'rules test' reports them; the profile goes on
    steps = 1 + len(populations) + len(conditions) + len(rules.factors)
    with click.progressbar(
        length=steps, label=say("profile_progress", lang), file=sys.stderr
    ) as bar:
        done = 0

        def advance(step: int) -> None:
            nonlocal done
            bar.update(step - done)
            done = step

        report = profile_rules(
            rules,
            sample=sample,  # type: ignore[arg-type]
            n=size,
            seed=seed,
            populations=populations,
            conditions=conditions,
            progress=advance,
        )
    click.echo(profile_text(report, rules, lang))
    comparison = None
    if since is not None:
        comparison = compare_profiles(
            load_rules(since),
            rules,
            sample=sample,  # type: ignore[arg-type]
            n=size,
            seed=seed,
            populations=populations,
            conditions=conditions,
            threshold=threshold / 100,
            after=report,
        )
        click.echo("")
        click.echo(comparison_text(comparison, rules, lang))
    if html_out is not None:
        write_text_atomically(html_out, profile_html(report, rules, lang, comparison))
        click.echo(f"-> {html_out}")


def check_conditions(conditions: tuple[str, ...], rules: RuleSet) -> None:
    """Refuse a ``--when`` condition the rule language does not accept, before any work.

    The message names the option and the column, as ``rules check`` does for a rule file.
    """
    for condition in conditions:
        try:
            rules.parse_condition(condition)
        except ExpressionSyntaxError as e:
            key = "option_condition_hint" if e.hint else "option_condition"
            found = msg(key, text=condition, column=e.column, problem=e.message, hint=e.hint)
            raise SamenwerkingError(found) from None


@rules_group.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--sample", default=20_000, show_default=True, help="Situations to compare on.")
@SEED_OPTION
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write an HTML page with charts to this file.",
)
@LANG_OPTION
@reports_errors
def rules_diff(
    old: Path, new: Path, sample: int, seed: int, html_out: Path | None, lang: str
) -> None:
    """What changed from rule set OLD to NEW, and what it does to the advice."""
    result = diff_rule_sets(load_rules(old), load_rules(new), n=sample, seed=seed)
    click.echo(diff_text(result, lang))
    if html_out is not None:
        write_text_atomically(html_out, diff_html(result, lang))
        click.echo(f"-> {html_out}")


@rules_group.command("doc")
@click.argument("folder", type=click.Path(path_type=Path), default="rules", required=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write: .pdf, .html or .md; default: Markdown to the screen.",
)
@click.option(
    "--since",
    "since",
    type=click.Path(path_type=Path),
    default=None,
    help="An earlier rule set: adds a chapter on what changed since.",
)
@LANG_OPTION
@reports_errors
def rules_doc(folder: Path, out: Path | None, since: Path | None, lang: str) -> None:
    """Write the rule book of FOLDER for a board (PDF, HTML or Markdown).

    How a score is made, every rule in words with its score points, worked examples, sources.
    """
    rules = load_rules(folder)
    earlier = load_rules(since) if since is not None else None
    if out is None:
        click.echo(rule_book_markdown(rules, lang, earlier))
        return
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        write_bytes_atomically(out, rule_book_pdf(rules, lang, earlier))
    elif suffix in (".html", ".htm"):
        write_text_atomically(out, rule_book_html(rules, lang, earlier))
    else:
        write_text_atomically(out, rule_book_markdown(rules, lang, earlier))
    click.echo(f"-> {out}")


@rules_group.command("schema")
@click.argument("folder", type=click.Path(path_type=Path), default=None, required=False)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="File to write; default: print."
)
@LANG_OPTION
@reports_errors
def rules_schema(folder: Path | None, out: Path | None, lang: str) -> None:
    """Print the JSON Schema of the files of rule set FOLDER (default: the bundled rules).

    Forms, themes, factors and sources are listed with FOLDER's own ids, so your editor offers
    them and marks a wrong one (form: netwerk) as you type; rule tests validate too.
    """
    text = rule_file_schema_json(load_rules(folder))
    if out is None:
        click.echo(text)
    else:
        write_text_atomically(out, text + "\n")
        click.echo(f"-> {out}")


@rules_group.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Name of the new rule set.")
@click.option("--version", "version", default="0.1.0", show_default=True)
@click.option(
    "--author",
    "authors",
    multiple=True,
    help="Author (repeat for more; default: your user name).",
)
@click.option(
    "--description", default=None, help="What the rule set is for (default: based on ...)."
)
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path),
    default=None,
    help="Rule set to start from (default: the bundled default rules).",
)
@LANG_OPTION
@reports_errors
def rules_new(
    folder: Path,
    name: str,
    version: str,
    authors: tuple[str, ...],
    description: str | None,
    source: Path | None,
    lang: str,
) -> None:
    """Start a new rule set in FOLDER, copied from the default one, ready to edit."""
    new_rule_set(
        folder, name, version, source, authors=list(authors) or None, description=description
    )
    click.echo(say("new_created", lang, folder=display_path(folder), name=name, version=version))
