"""Vehicle makes and models read as names are dropped; people named like makes are kept."""

from __future__ import annotations

import pytest

from redactor.detect.vehicle_names import drop_vehicles, is_vehicle
from redactor.models import Finding


def _span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He drove off in a black Vauxhall Corsa.", "Vauxhall Corsa"),
        ("The Land Rover Discovery was recovered.", "Land Rover"),
        ("a grey Toyota Yaris, was seized", "Yaris"),  # the model alone, after its make
        ("VAUXHALL ASTRA seen on the A38", "VAUXHALL ASTRA"),
        ("a blue Ford Fiesta parked outside", "Ford Fiesta"),
        ("a white Mercedes Sprinter van", "Mercedes Sprinter"),
        ("the Mercedes Sprinter van left", "Mercedes"),
        ("a silver BMW 320d", "BMW"),
        ("a red Kia Picanto", "Kia Picanto"),
        ("a silver Suzuki Swift hatchback", "Suzuki Swift"),
        ("a Ford Transit pickup", "Ford Transit"),
        # a make that is also a name, with one of its models: a vehicle without other words
        ("keys and then the victim's Skoda Octavia, G43 KAT, found", "Skoda Octavia"),
        ("took Mum's Kia Sportage to work", "Kia Sportage"),
        ("SKODA OCTAVIA seen leaving", "SKODA OCTAVIA"),
    ],
)
def test_vehicles(text: str, name: str) -> None:
    assert is_vehicle(text, *_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Harrison Ford attended the station.", "Harrison Ford"),
        ("Mercedes Gonzalez gave a statement.", "Mercedes Gonzalez"),
        ("Austin Reid was spoken to about the car.", "Austin Reid"),
        ("Morgan said the van was not hers.", "Morgan"),
        ("I met Lucy Harper at the garage.", "Lucy Harper"),
        ("Bentley Smith, aged 7", "Bentley Smith"),
        ("a red-haired Ford", "Ford"),  # 'red' inside another word is no colour
        ("Kia Thompson was the passenger.", "Kia Thompson"),
        ("Lada Petrova gave a statement.", "Lada Petrova"),
        ("RENAULT Marie (surname first) attended.", "Marie"),
        ("Renault Marie attended.", "Renault Marie"),
        ("Suzuki Hana, the driver's sister", "Suzuki Hana"),
        ("Kia Cooper and Morgan Swift were interviewed", "Kia Cooper"),  # models that are names
        ("Kia Cooper and Morgan Swift were interviewed", "Morgan Swift"),
        ("Mercedes Leon, the victim", "Mercedes Leon"),
    ],
)
def test_people(text: str, name: str) -> None:
    assert not is_vehicle(text, *_span(text, name))


def test_only_weakly_found_names_are_dropped() -> None:
    text = "Mr Ford drove a black Vauxhall Corsa; a white Mercedes Sprinter van followed."

    def finding(name: str, recogniser: str) -> Finding:
        start, end = _span(text, name)
        return Finding(start, end, "PERSON", 0.85, recogniser, name)

    spacy = finding("Vauxhall Corsa", "SpacyPersonRecognizer")
    known = finding("Mercedes Sprinter", "KnownNameRecognizer")
    titled = finding("Ford", "TitledNameRecognizer")
    start, end = _span(text, "Vauxhall Corsa")
    other_type = Finding(start, end, "VEHICLE_REGISTRATION", 1.0, "SpacyPersonRecognizer", "x")
    assert drop_vehicles(text, [spacy, known, titled, other_type]) == [titled, other_type]
