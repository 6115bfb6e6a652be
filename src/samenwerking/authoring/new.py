"""Start a new rule set from an existing one, and the JSON Schema of rule files for editors."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from samenwerking.errors import SamenwerkingError, display_path, msg
from samenwerking.languages import BUILT_IN_LANGUAGES, DEFAULT_LANGUAGE
from samenwerking.rules.loader import default_rules_path, load_rules, rule_files
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import RuleFile, RuleTestFile
from samenwerking.translations import say


def new_rule_set(
    target: Path,
    name: str,
    version: str = "0.1.0",
    source: Path | None = None,
    *,
    authors: list[str] | None = None,
    description: str | None = None,
) -> Path:
    """Copy ``source`` (default: the bundled rules) to ``target`` as a rule set of its own.

    The copy gets its own name, version, date, authors and description, so no advice made
    with it can pass for one made with the original ("samenwerking-standaard 1.0.0" on both
    was a finding). Comments and layout of the YAML are kept (ruamel round trip). ``target``
    must not exist yet or be empty, so nothing of an adviser's work is overwritten.
    """
    origin = Path(source) if source else default_rules_path()
    original = load_rules(origin)  # refuse to copy a broken rule set
    if target.exists() and any(target.iterdir()):
        raise SamenwerkingError(msg("new_not_empty", folder=display_path(target)))
    shutil.copytree(
        origin, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    based_on = f"{original.metadata.name} {original.metadata.version}"
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the default rule files
    yaml.width = 100
    for file in rule_files(target):
        data = yaml.load(file)
        if isinstance(data, dict) and isinstance(data.get("sources"), list):
            _own_expert_judgement(data["sources"], authors or [getpass.getuser()], name)
            yaml.dump(data, file)
        if isinstance(data, dict) and "ruleset" in data:
            meta = data["ruleset"]
            meta["name"] = name
            meta["version"] = version
            meta["date"] = dt.date.today()
            meta["authors"] = authors or [getpass.getuser()]
            meta["description"] = {
                lang: description or say("new_description", lang, based_on=based_on)
                for lang in BUILT_IN_LANGUAGES
            }
            yaml.dump(data, file)
    rules = load_rules(target)  # the copy must load
    _point_at_schema(target, rules)
    return target


#: The JSON Schema ``rules new`` writes beside the rule files, for editors.
SCHEMA_FILE = "rules.schema.json"
_SCHEMA_LINE = "# yaml-language-server: $schema="


def _point_at_schema(folder: Path, rules: RuleSet) -> None:
    """Write the rule set's schema and point every YAML file at it (first line).

    Editors with the YAML language server (VS Code and others) then check each file as it
    is typed, offering this rule set's own forms, factors and sources.
    """
    (folder / SCHEMA_FILE).write_text(rule_file_schema_json(rules) + "\n", encoding="utf-8")
    for file in [*rule_files(folder), *rule_files(folder / "tests")]:
        text = file.read_text(encoding="utf-8")
        if text.startswith(_SCHEMA_LINE):
            text = text.split("\n", 1)[1] if "\n" in text else ""
        relative = "../" if file.parent != folder else ""
        file.write_text(f"{_SCHEMA_LINE}{relative}{SCHEMA_FILE}\n{text}", encoding="utf-8")


def _own_expert_judgement(sources: list[Any], authors: list[str], name: str) -> None:
    """Expert judgement in a copy is its makers' judgement, not the original team's."""
    for entry in sources:
        if isinstance(entry, dict) and entry.get("kind") == "expert_judgement":
            entry["authors"] = list(authors)
            entry["year"] = dt.date.today().year
            entry["title"] = say("new_expert_judgement_title", DEFAULT_LANGUAGE, name=name)


def rule_file_schema(rules: RuleSet | None = None) -> dict[str, Any]:
    """The JSON Schema of the files of a rule set: rule files and ``tests/*.yaml`` alike.

    One schema for both kinds, so an editor can point every YAML file of the folder at it.
    With ``rules``, every place that names a form, theme, factor or source lists that rule
    set's real ids (an editor then offers them, and rejects ``form: netwerk``); an effect
    that is a bare word, and a condition comparing a 1-5 factor with a number it can never
    reach (``trust > 7``), a Dutch ``en``/``of``/``niet`` or a decimal comma, are refused.
    """
    schema = RuleFile.model_json_schema()
    tests = RuleTestFile.model_json_schema()
    schema["$defs"] = {**schema.get("$defs", {}), **tests.pop("$defs", {})}
    schema["properties"] = {**schema["properties"], **tests["properties"]}
    schema["title"] = "samenwerking rule file or rule-test file"
    if rules is not None:
        schema["title"] += f" ({rules.metadata.name} {rules.metadata.version})"
        _restrict_to(schema, rules)
    return schema


#: Which property of which definition names an id of which kind.
ID_FIELDS: dict[tuple[str, str], str] = {
    ("Rule", "form"): "form",
    ("Rule", "theme"): "theme",
    ("Knockout", "form"): "form",
    ("Question", "factor"): "factor",
    ("RuleTest", "situation"): "factor",
    ("RuleTest", "change"): "factor",
    ("RuleTest", "weights"): "theme",
    ("PopulationExpectation", "top_in"): "form",
    **{
        ("Expectation", name): "form"
        for name in (
            "top_in",
            "top_not_in",
            "advised_in",
            "advised_not_in",
            "knocked_out",
            "not_knocked_out",
            "ranks_above",
            "rises",
            "falls",
        )
    },
    **{
        (template, "form"): "form"
        for template in (
            "MergerTemplate",
            "FranchiseTemplate",
            "NetworkTemplate",
            "ChainTemplate",
            "SocialNetworkTemplate",
        )
    },
}


def _restrict_to(schema: dict[str, Any], rules: RuleSet) -> None:
    ids = {
        "form": list(rules.form_ids),
        "theme": list(rules.theme_ids),
        "factor": list(rules.factor_ids),
        "source": sorted(rules.bibliography),
    }
    definitions = schema["$defs"]
    for (definition, field), kind in ID_FIELDS.items():
        properties = definitions.get(definition, {}).get("properties", {})
        if field in properties:
            properties[field] = _with_ids(properties[field], ids[kind])
    _restrict_sources(schema, ids["source"])
    for definition in ("Rule", "Knockout"):
        properties = definitions[definition]["properties"]
        properties["when"] = _condition_schema(properties["when"], rules)
    effect = definitions["Rule"]["properties"]["effect"]
    effect["anyOf"] = [
        {"type": "number"},
        {
            "type": "string",
            # a number, a formula, or one factor's name: never a bare word like 'veel'
            "pattern": rf"[0-9()*/+-]|^\s*(?:{'|'.join(ids['factor'])})\s*$",
        },
    ]
    # Editors (the YAML language server) show 'errorMessage' instead of the validator's
    # English "Matches a schema that is not allowed"; other validators ignore it.
    effect["errorMessage"] = say("schema_effect_message", DEFAULT_LANGUAGE)


def _with_ids(node: Any, ids: list[str]) -> Any:
    """``node`` with every identifier it holds (as a value or as a key) limited to ``ids``."""
    if isinstance(node, list):
        return [_with_ids(item, ids) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "string" and "pattern" in node:
        return {**{k: v for k, v in node.items() if k not in ("pattern", "examples")}, "enum": ids}
    result = {key: _with_ids(value, ids) for key, value in node.items()}
    if "propertyNames" in node:
        result["propertyNames"] = {"enum": ids}
        patterns = result.pop("patternProperties", {})
        if patterns:
            result["additionalProperties"] = next(iter(patterns.values()))
    return result


def _restrict_sources(node: Any, keys: list[str]) -> None:
    """Every ``sources:`` list names keys of the bibliography."""
    if isinstance(node, list):
        for item in node:
            _restrict_sources(item, keys)
        return
    if not isinstance(node, dict):
        return
    for name, value in node.items():
        if name == "sources" and isinstance(value, dict) and value.get("type") == "array":
            node[name] = _with_ids(value, keys)
        else:
            _restrict_sources(value, keys)


def _condition_schema(when: dict[str, Any], rules: RuleSet) -> dict[str, Any]:
    """A condition text that does not hold what ``rules check`` would refuse on sight."""
    refused = [r"\b(?:en|of|niet)\b", r"\d,\d", "&&", r"\|\|"]
    for factor in rules.factors:
        low, high = factor.minimum, factor.maximum
        if low.is_integer() and high.is_integer() and 0 <= low < high <= 9:
            inside = rf"(?:[{int(low)}-{int(high) - 1}](?:\.\d+)?|{int(high)}(?:\.0+)?)(?![\d.])"
            refused.append(rf"\b{factor.id}\s*(?:[<>]=?|[=!]=)\s*(?!{inside})-?\d")
    text = {
        "type": "string",
        "not": {"pattern": "|".join(refused)},
        "errorMessage": say("schema_condition_message", DEFAULT_LANGUAGE),
    }
    return {**{k: v for k, v in when.items() if k != "anyOf"}, "anyOf": [text, {"type": "null"}]}


def rule_file_schema_json(rules: RuleSet | None = None) -> str:
    """The schema as indented JSON text."""
    return json.dumps(rule_file_schema(rules), indent=2, ensure_ascii=False)
