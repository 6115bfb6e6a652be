"""Start a new rule set from an existing one, and the JSON Schema of rule files for editors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from samenwerking.errors import SamenwerkingError, display_path
from samenwerking.rules.loader import default_rules_path, load_rules, rule_files
from samenwerking.rules.schema import RuleFile, RuleTestFile


def new_rule_set(
    target: Path, name: str, version: str = "0.1.0", source: Path | None = None
) -> Path:
    """Copy ``source`` (default: the bundled rules) to ``target`` with a new name and version.

    Comments and layout of the YAML are kept (ruamel round trip); the date becomes today.
    ``target`` must not exist yet or be empty, so nothing of an adviser's work is overwritten.
    """
    origin = Path(source) if source else default_rules_path()
    load_rules(origin)  # refuse to copy a broken rule set
    if target.exists() and any(target.iterdir()):
        raise SamenwerkingError(f"{display_path(target)} is not empty: choose a new folder")
    shutil.copytree(
        origin, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the default rule files
    yaml.width = 100
    for file in rule_files(target):
        data = yaml.load(file)
        if isinstance(data, dict) and "ruleset" in data:
            data["ruleset"]["name"] = name
            data["ruleset"]["version"] = version
            data["ruleset"]["date"] = dt.date.today()
            yaml.dump(data, file)
    load_rules(target)  # the copy must load
    return target


def rule_file_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file (and, under ``$defs``, of a rule-test file)."""
    schema = RuleFile.model_json_schema()
    schema["title"] = "samenwerking rule file"
    schema["$defs"] = {**schema.get("$defs", {}), "RuleTestFile": RuleTestFile.model_json_schema()}
    return schema


def rule_file_schema_json() -> str:
    """The schema as indented JSON text."""
    return json.dumps(rule_file_schema(), indent=2, ensure_ascii=False)
