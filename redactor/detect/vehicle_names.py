"""Vehicle makes and models are not people: "a silver Vauxhall Corsa", "the Toyota Yaris".

The NER model and the known-name list both read a make and model as a name ("Vauxhall Corsa",
"Land Rover"), and vehicle descriptions fill police documents. A name found only by them is
dropped when it is a vehicle:
- it starts with a make that is not also a personal name or surname (Vauxhall, Toyota, Land
  Rover), or directly follows one ("Toyota Yaris" read as the name "Yaris");
- it starts with a make that is also a name (Ford, Mercedes, Kia, Renault, Suzuki) and the
  words around it describe a vehicle: a colour before it ("a blue Ford Fiesta") or a kind of
  vehicle after it ("Mercedes Sprinter van"). "Harrison Ford", "Mercedes Gonzalez" and "Kia
  Thompson" stay names.
Names found with a title, rank or label ("Mr Ford") are never dropped here.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from redactor.models import Finding

# Only names from the recognisers that read capitalised words without other context.
WEAK_NAME_RECOGNISERS = frozenset({"SpacyPersonRecognizer", "KnownNameRecognizer"})

_MAKES = (
    "Vauxhall", "Toyota", "Nissan", "Hyundai", "Volkswagen", "VW", "BMW", "Volvo", "Mazda",
    "Subaru", "Lexus", "Mitsubishi", "Dacia", "Jaguar", "Land Rover", "Range Rover", "Cupra",
    "Alfa Romeo", "Iveco", "DAF", "Scania", "Isuzu", "SsangYong", "Ssangyong", "Polestar",
    "Infiniti", "Mercedes-Benz", "Vespa", "Daihatsu", "Fiat",
)  # fmt: skip
# Makes that are also personal names or surnames (Ford, Mercedes, Kia, Lada, Renault, Suzuki,
# Škoda, Ferrari, Saab ...): vehicles only with a vehicle word around them.
_NAME_LIKE_MAKES = (
    "Ford", "Mercedes", "Bentley", "Austin", "Morgan", "McLaren", "Aston Martin", "Lincoln",
    "Harley", "Harley-Davidson", "Jensen", "Royce", "Rolls-Royce", "Mini", "Seat", "Smart",
    "Triumph", "Rover", "Lotus", "Jeep", "Dodge", "Genesis", "MG", "Audi", "Honda", "Peugeot",
    "Renault", "Citroen", "Citroën", "Kia", "Skoda", "Škoda", "Suzuki", "Tesla", "Porsche",
    "Chevrolet", "Chrysler", "Yamaha", "Kawasaki", "Ducati", "Lamborghini", "Ferrari",
    "Maserati", "Piaggio", "Saab", "Lada", "Abarth", "Alpine", "Opel", "Proton",
)  # fmt: skip
# Models sold under those makes: "Skoda Octavia", "Ford Fiesta", "Kia Sportage" are vehicles
# wherever they stand ("the victim's Skoda Octavia, G43 KAT"). Not models that are also
# surnames or given names (Cooper, Leon, Swift, Logan, Ranger): "Kia Cooper" is a person.
_MODELS = (
    "Fiesta", "Focus", "Mondeo", "Kuga", "Puma", "Transit", "Galaxy", "S-Max", "C-Max",
    "Ecosport", "Mustang", "Octavia", "Fabia", "Superb", "Kodiaq",
    "Karoq", "Kamiq", "Yeti", "Citigo", "Scala", "Enyaq", "Sportage", "Ceed", "Cee'd",
    "Picanto", "Niro", "Sorento", "Stonic", "Venga", "Clio", "Megane", "Mégane",
    "Captur", "Kadjar", "Scenic", "Scénic", "Twingo", "Kangoo", "Trafic",
    "Vitara", "Jimny", "Ignis", "Baleno", "Celerio", "Civic", "Accord",
    "CR-V", "HR-V", "Berlingo", "Picasso", "Dispatch", "Sprinter", "Vito",
    "Countryman", "Clubman", "Ibiza", "Arona", "Ateca", "Tarraco", "Alhambra",
    "Renegade", "Wrangler", "Cherokee", "Corsa", "Astra", "Insignia", "Mokka",
    "Zafira", "Golf", "Polo", "Passat", "Tiguan", "Touran", "Qashqai", "Juke", "Micra",
    "Yaris", "Corolla", "Aygo", "Auris", "Prius", "RAV4", "Duster", "Sandero",
    "Fortwo", "Forfour", "Elise", "Exige", "Bonneville",
)  # fmt: skip
_COLOURS = (
    "black", "white", "silver", "grey", "gray", "red", "blue", "green", "yellow", "orange",
    "purple", "brown", "gold", "beige", "maroon", "burgundy", "navy", "cream", "bronze",
    "dark", "light", "metallic", "pink", "turquoise", "champagne",
)  # fmt: skip
_KINDS = (
    "van", "car", "vehicle", "hatchback", "saloon", "estate", "pickup", "pick-up", "truck",
    "lorry", "motorbike", "motorcycle", "scooter", "moped", "suv", "mpv", "coupe", "coupé",
    "convertible", "cabriolet", "minibus", "taxi", "tipper", "campervan", "motorhome", "4x4",
)  # fmt: skip


def _words(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_MAKE_START = regex.compile(rf"(?i:{_words(_MAKES)})(?![\w-])")
_NAME_LIKE_START = regex.compile(rf"(?i:{_words(_NAME_LIKE_MAKES)})(?![\w-])")
_MAKE_BEFORE = regex.compile(rf"(?<![\w-])(?i:{_words(_MAKES)})[ \t]+$")
_COLOUR_BEFORE = regex.compile(rf"(?<![\w-])(?i:{_words(_COLOURS)})[ \t]+$")
_MODEL_AFTER = regex.compile(rf"^[ \t]+(?i:{_words(_MODELS)})(?![\w-])")
_KIND_AFTER = regex.compile(rf"^[ \t]+(?:[\w-]+[ \t]+)?(?i:{_words(_KINDS)})(?![\w-])")


def is_vehicle(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], read as a name, is a vehicle's make and model."""
    before = text[max(0, start - 40) : start]
    if _MAKE_START.match(text, start, end) or _MAKE_BEFORE.search(before):
        return True
    make = _NAME_LIKE_START.match(text, start, end)
    if not make:
        return False
    if _MODEL_AFTER.match(text[make.end() : make.end() + 40]):
        return True  # "Skoda Octavia", "Ford Fiesta"
    return bool(_COLOUR_BEFORE.search(before) or _KIND_AFTER.match(text[end : end + 40]))


def drop_vehicles(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """Findings without the weakly found names that are vehicles."""
    return [
        f
        for f in findings
        if not (
            f.entity_type == "PERSON"
            and f.recogniser in WEAK_NAME_RECOGNISERS
            and is_vehicle(text, f.start, f.end)
        )
    ]
