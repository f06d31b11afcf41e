"""Load and validate the rules/*.yaml files into frozen records.

Every problem raises RulesError naming the file, the field and what to change, so a
disclosure officer can fix a rules file without reading code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from redactor.errors import RulesError

EXEMPTIONS_FILE = "exemptions.yaml"
POLICY_FILE = "policy.yaml"
ALLOW_FILE = "allow.yaml"
DENY_FILE = "deny.yaml"
# Optional: bodies dealing with security matters (FOIA s23(3)), loaded as deny-list terms.
SECURITY_BODIES_FILE = "security-bodies.yaml"

KINDS = ("absolute", "qualified", "ncnd")
# Entity types found by redactor itself rather than by a detector; each must have an exemption.
PRIOR_REDACTION = "PRIOR_REDACTION"  # text under a box or mark drawn over it in the input
BUILT_IN_ENTITIES = (PRIOR_REDACTION,)
_ENTITY_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Exemption:
    code: str
    title: str
    kind: str  # absolute | qualified | ncnd
    public_interest_test: bool
    description: str

    @property
    def usable_on_box(self) -> bool:
        """NCND codes answer the request as a whole; they never label a redaction."""
        return self.kind != "ncnd"


@dataclass(frozen=True)
class DenyTerm:
    text: str
    entity_type: str
    exemption: str
    # Words that, right after the term, mean it is not a match ("Security Service Act").
    not_followed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    exemptions: Mapping[str, Exemption]
    # policy.yaml entities plus the entity types declared by deny-list terms
    entity_exemptions: Mapping[str, str]
    score_threshold: float
    allow_terms: tuple[str, ...]
    deny_terms: tuple[DenyTerm, ...]
    disabled_recognisers: tuple[str, ...]
    model_name: str
    # Regexes matched (full match, case-insensitive) against a finding's text.
    allow_patterns: tuple[str, ...] = ()
    # Entity types the detectors are asked for (policy.yaml `entities`, in file order).
    detected_entities: tuple[str, ...] = ()
    # Boxes of these types are at least `min_box_width` times their height wide (box_width.py).
    min_box_width: float = 0.0
    min_box_width_types: frozenset[str] = frozenset()

    def exemption_for(self, entity_type: str) -> str:
        try:
            return self.entity_exemptions[entity_type]
        except KeyError:
            raise RulesError(
                f"{POLICY_FILE}: field 'entities' has no exemption for entity type "
                f"{entity_type!r}; add a line '{entity_type}: \"s40(2)\"' (or the right code)."
            ) from None


def default_rules_dir() -> Path:
    """REDACTOR_RULES if set, else the rules/ folder next to the redactor package."""
    env = os.environ.get("REDACTOR_RULES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "rules"


def load_rules(rules_dir: Path | None = None) -> Rules:
    folder = rules_dir if rules_dir is not None else default_rules_dir()
    if not folder.is_dir():
        raise RulesError(
            f"rules folder {folder} does not exist; point --rules (or REDACTOR_RULES) at the "
            f"folder holding {EXEMPTIONS_FILE}, {POLICY_FILE}, {ALLOW_FILE} and {DENY_FILE}."
        )
    exemptions = _load_exemptions(folder / EXEMPTIONS_FILE)
    policy = _read_mapping(folder / POLICY_FILE)
    entities = _load_entity_policy(policy, exemptions)
    for entity_type in BUILT_IN_ENTITIES:
        if entity_type not in entities:
            raise RulesError(
                f"{POLICY_FILE}: field 'entities' has no exemption for {entity_type} (text "
                f"under a box already drawn over it in an input); add '{entity_type}: \"s40(2)\"'"
                " (or the right code)."
            )
    deny_terms = _load_deny(folder / DENY_FILE, exemptions)
    security_terms = _load_security_bodies(folder / SECURITY_BODIES_FILE, exemptions)
    merged = dict(entities)
    for file, terms in ((DENY_FILE, deny_terms), (SECURITY_BODIES_FILE, security_terms)):
        for term in terms:
            existing = merged.setdefault(term.entity_type, term.exemption)
            if existing != term.exemption:
                raise RulesError(
                    f"{file}: term {term.text!r} cites {term.exemption} for entity type "
                    f"{term.entity_type}, which is already mapped to {existing}; use the same "
                    f"exemption or a different entity_type."
                )
    deny_terms += security_terms
    allow_terms, allow_patterns = _load_allow(folder / ALLOW_FILE)
    return Rules(
        exemptions=MappingProxyType(exemptions),
        entity_exemptions=MappingProxyType(merged),
        score_threshold=_score_threshold(policy),
        allow_terms=allow_terms,
        deny_terms=deny_terms,
        disabled_recognisers=_string_list(policy, "disabled_recognisers", POLICY_FILE),
        model_name=_required_string(policy, "model", POLICY_FILE),
        allow_patterns=allow_patterns,
        detected_entities=tuple(e for e in entities if e not in BUILT_IN_ENTITIES),
        min_box_width=_min_box_width(policy),
        min_box_width_types=_min_box_width_types(policy, merged),
    )


# -- file readers ---------------------------------------------------------------------


def _read_mapping(path: Path) -> dict[str, Any]:
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(
            f"{name}: file not found in {path.parent}; restore it from the project's rules/ "
            f"folder or point --rules at a complete rules folder."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{name}: cannot be read ({exc}); save it as UTF-8 text.") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        raise RulesError(
            f"{name}: YAML syntax error{where}: {problem}; check indentation and quote values "
            f"containing ':' or '#'."
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RulesError(f"{name}: the top level must be a mapping of field names to values.")
    return data


def _load_exemptions(path: Path) -> dict[str, Exemption]:
    data = _read_mapping(path)
    entries = data.get("exemptions")
    if not isinstance(entries, list) or not entries:
        raise RulesError(
            f"{EXEMPTIONS_FILE}: field 'exemptions' must be a non-empty list of entries with "
            f"code, title, kind, public_interest_test and description."
        )
    result: dict[str, Exemption] = {}
    for index, entry in enumerate(entries):
        where = f"{EXEMPTIONS_FILE}: field 'exemptions[{index}]"
        if not isinstance(entry, dict):
            raise RulesError(f"{where}' must be a mapping (code, title, kind, ...).")
        values: dict[str, str] = {}
        for key in ("code", "title", "kind", "description"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise RulesError(f"{where}.{key}' is missing or empty; give it a text value.")
            values[key] = value.strip()
        if values["kind"] not in KINDS:
            raise RulesError(f"{where}.kind' is {values['kind']!r}; use one of {', '.join(KINDS)}.")
        pit = entry.get("public_interest_test")
        if not isinstance(pit, bool):
            raise RulesError(f"{where}.public_interest_test' must be true or false.")
        if values["code"] in result:
            raise RulesError(
                f"{where}.code' repeats {values['code']!r}; each code may appear only once."
            )
        result[values["code"]] = Exemption(
            code=values["code"],
            title=values["title"],
            kind=values["kind"],
            public_interest_test=pit,
            description=values["description"],
        )
    return result


def _check_exemption(
    code: object, exemptions: Mapping[str, Exemption], file: str, field: str
) -> str:
    if not isinstance(code, str) or code not in exemptions:
        known = ", ".join(c for c, e in exemptions.items() if e.usable_on_box)
        raise RulesError(
            f"{file}: field '{field}' cites {code!r}, which is not in {EXEMPTIONS_FILE}; "
            f"use one of {known} or add it to {EXEMPTIONS_FILE}."
        )
    if not exemptions[code].usable_on_box:
        raise RulesError(
            f"{file}: field '{field}' cites {code}, a neither-confirm-nor-deny code that cannot "
            f"label a redaction; cite the exemption that applies to the content instead."
        )
    return code


def _check_entity_type(value: object, file: str, field: str) -> str:
    if not isinstance(value, str) or not _ENTITY_TYPE.match(value):
        raise RulesError(
            f"{file}: field '{field}' has entity type {value!r}; use UPPER_SNAKE_CASE such as "
            f"PERSON or OPERATION_NAME."
        )
    return value


def _load_entity_policy(
    policy: Mapping[str, Any], exemptions: Mapping[str, Exemption]
) -> dict[str, str]:
    entities = policy.get("entities")
    if not isinstance(entities, dict) or not entities:
        raise RulesError(
            f"{POLICY_FILE}: field 'entities' must map entity types to exemption codes, "
            f"e.g. 'PERSON: \"s40(2)\"'."
        )
    result: dict[str, str] = {}
    for entity_type, code in entities.items():
        _check_entity_type(entity_type, POLICY_FILE, "entities")
        result[entity_type] = _check_exemption(
            code, exemptions, POLICY_FILE, f"entities.{entity_type}"
        )
    return result


def _score_threshold(policy: Mapping[str, Any]) -> float:
    value = policy.get("score_threshold")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RulesError(
            f"{POLICY_FILE}: field 'score_threshold' is {value!r}; give a number between 0 and "
            f"1 (0.5 is a sensible start)."
        )
    return float(value)


MAX_BOX_WIDTH = 20  # times the box's height: wider than that is a line, not a word


def _min_box_width(policy: Mapping[str, Any]) -> float:
    value = policy.get("min_box_width", 0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        value = None
    if value is None or not 0 <= value <= MAX_BOX_WIDTH:
        raise RulesError(
            f"{POLICY_FILE}: field 'min_box_width' is {policy.get('min_box_width')!r}; give a "
            f"number of times a box's height between 0 (boxes as wide as their text) and "
            f"{MAX_BOX_WIDTH} (3.5 hides the length of most first names and surnames)."
        )
    return float(value)


def _min_box_width_types(policy: Mapping[str, Any], known: Mapping[str, str]) -> frozenset[str]:
    types = _string_list(policy, "min_box_width_types", POLICY_FILE)
    for entity_type in types:
        if entity_type not in known:
            raise RulesError(
                f"{POLICY_FILE}: field 'min_box_width_types' names {entity_type!r}, which is not "
                f"an entity type of 'entities' or of a term list; use one of "
                f"{', '.join(sorted(known))}."
            )
    return frozenset(types)


def _required_string(data: Mapping[str, Any], key: str, file: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{file}: field '{key}' is missing or empty; give it a text value.")
    return value.strip()


def _string_list(data: Mapping[str, Any], key: str, file: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(
            f"{file}: field '{key}' must be a list of non-empty texts (one '- item' per line)."
        )
    return tuple(v.strip() for v in value)


def _load_allow(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = _read_mapping(path)
    terms = _string_list(data, "terms", ALLOW_FILE)
    patterns = _string_list(data, "patterns", ALLOW_FILE)
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RulesError(
                f"{ALLOW_FILE}: field 'patterns[{index}]' is not a valid regular expression "
                f"({exc}); fix it or quote it in single quotes."
            ) from None
    return terms, patterns


def _load_deny(path: Path, exemptions: Mapping[str, Exemption]) -> tuple[DenyTerm, ...]:
    data = _read_mapping(path)
    entries = data.get("terms")
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise RulesError(
            f"{DENY_FILE}: field 'terms' must be a list of entries with text, entity_type and "
            f"exemption."
        )
    result: list[DenyTerm] = []
    for index, entry in enumerate(entries):
        where = f"terms[{index}]"
        if not isinstance(entry, dict):
            raise RulesError(
                f"{DENY_FILE}: field '{where}' must be a mapping with text, entity_type and "
                f"exemption."
            )
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise RulesError(f"{DENY_FILE}: field '{where}.text' is missing or empty.")
        entity_type = _check_entity_type(
            entry.get("entity_type"), DENY_FILE, f"{where}.entity_type"
        )
        code = _check_exemption(entry.get("exemption"), exemptions, DENY_FILE, f"{where}.exemption")
        result.append(DenyTerm(text=text.strip(), entity_type=entity_type, exemption=code))
    return tuple(result)


def _load_security_bodies(path: Path, exemptions: Mapping[str, Exemption]) -> tuple[DenyTerm, ...]:
    """security-bodies.yaml: one entity type and exemption for a list of body names."""
    if not path.exists():
        return ()
    name = SECURITY_BODIES_FILE
    data = _read_mapping(path)
    entity_type = _check_entity_type(data.get("entity_type"), name, "entity_type")
    code = _check_exemption(data.get("exemption"), exemptions, name, "exemption")
    terms = _string_list(data, "terms", name)
    if not terms:
        raise RulesError(
            f"{name}: field 'terms' must list at least one body name (one '- name' per line); "
            f"delete the file to switch security-body detection off."
        )
    not_followed_by = _string_list(data, "not_followed_by", name)
    seen: set[str] = set()
    for index, term in enumerate(terms):
        folded = " ".join(term.split()).casefold()
        if folded in seen:
            raise RulesError(
                f"{name}: field 'terms[{index}]' repeats {term!r}; list each name once."
            )
        seen.add(folded)
    return tuple(
        DenyTerm(text=t, entity_type=entity_type, exemption=code, not_followed_by=not_followed_by)
        for t in terms
    )
