"""The built-in label and moderation taxonomies (a small, documented subset of the service's).

A declared label or moderation label takes its parents, aliases and categories from here
unless the declaration gives them; a name that is not listed has no parents or aliases and
the category ``"Everyday Objects"`` (labels), or is a top-level category (moderation).
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_MODEL_VERSION = "3.0"
MODERATION_MODEL_VERSION = "7.0"
PPE_MODEL_VERSION = "1.0"
DEFAULT_CATEGORY = "Everyday Objects"


@dataclass(frozen=True)
class LabelInfo:
    """Where a label sits in the taxonomy."""

    parents: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = (DEFAULT_CATEGORY,)


def _info(parents: str = "", aliases: str = "", categories: str = DEFAULT_CATEGORY) -> LabelInfo:
    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split(",") if part.strip())

    return LabelInfo(split(parents), split(aliases), split(categories))


ANIMALS = "Animals and Pets"
VEHICLES = "Vehicles and Automotive"

LABELS: dict[str, LabelInfo] = {
    "Person": _info(aliases="Human", categories="Person Description"),
    "Face": _info("Head, Person", categories="Person Description"),
    "Head": _info("Person", categories="Person Description"),
    "Adult": _info("Person", categories="Person Description"),
    "Man": _info("Adult, Male, Person", categories="Person Description"),
    "Woman": _info("Adult, Female, Person", categories="Person Description"),
    "Male": _info("Person", categories="Person Description"),
    "Female": _info("Person", categories="Person Description"),
    "Child": _info("Person", aliases="Kid", categories="Person Description"),
    "Text": _info(categories="Text and Documents"),
    "Document": _info("Text", categories="Text and Documents"),
    "Animal": _info(categories=ANIMALS),
    "Mammal": _info("Animal", categories=ANIMALS),
    "Pet": _info("Animal", categories=ANIMALS),
    "Canine": _info("Animal, Mammal", categories=ANIMALS),
    "Dog": _info("Animal, Canine, Mammal, Pet", aliases="Puppy", categories=ANIMALS),
    "Cat": _info("Animal, Mammal, Pet", aliases="Kitten", categories=ANIMALS),
    "Bird": _info("Animal", categories=ANIMALS),
    "Vehicle": _info("Transportation", categories=VEHICLES),
    "Transportation": _info(categories=VEHICLES),
    "Car": _info("Transportation, Vehicle", aliases="Automobile", categories=VEHICLES),
    "Bicycle": _info("Transportation, Vehicle", aliases="Bike", categories=VEHICLES),
    "Road": _info(categories="Buildings and Architecture"),
    "Building": _info(categories="Buildings and Architecture"),
    "City": _info(categories="Buildings and Architecture"),
    "Tree": _info("Plant", categories="Plants and Flowers"),
    "Plant": _info(categories="Plants and Flowers"),
    "Flower": _info("Plant", aliases="Blossom", categories="Plants and Flowers"),
    "Food": _info(categories="Food and Beverage"),
    "Pizza": _info("Food", categories="Food and Beverage"),
    "Cup": _info(categories="Kitchen and Dining"),
    "Laptop": _info("Computer, Electronics, Pc", categories="Technology and Computing"),
    "Computer": _info("Electronics", categories="Technology and Computing"),
    "Electronics": _info(categories="Technology and Computing"),
    "Pc": _info("Computer, Electronics", categories="Technology and Computing"),
    "Helmet": _info("Clothing", aliases="Hard Hat", categories="Apparel and Accessories"),
    "Clothing": _info(aliases="Apparel", categories="Apparel and Accessories"),
    "Sky": _info(categories="Nature and Outdoors"),
    "Outdoors": _info(categories="Nature and Outdoors"),
    "Nature": _info(categories="Nature and Outdoors"),
}


def label_info(name: str) -> LabelInfo:
    """The taxonomy entry of ``name`` (a generic one for unknown names)."""
    return LABELS.get(name, LabelInfo())


#: Moderation label -> its parent (``""`` for a top-level category); the level follows.
MODERATION: dict[str, str] = {
    # level 1
    "Explicit": "",
    "Non-Explicit Nudity of Intimate parts and Kissing": "",
    "Swimwear or Underwear": "",
    "Violence": "",
    "Visually Disturbing": "",
    "Drugs & Tobacco": "",
    "Alcohol": "",
    "Rude Gestures": "",
    "Gambling": "",
    "Hate Symbols": "",
    # level 2
    "Explicit Nudity": "Explicit",
    "Explicit Sexual Activity": "Explicit",
    "Sex Toys": "Explicit",
    "Obstructed Intimate Parts": "Non-Explicit Nudity of Intimate parts and Kissing",
    "Kissing on the Lips": "Non-Explicit Nudity of Intimate parts and Kissing",
    "Female Swimwear or Underwear": "Swimwear or Underwear",
    "Male Swimwear or Underwear": "Swimwear or Underwear",
    "Weapons": "Violence",
    "Graphic Violence": "Violence",
    "Emaciated Bodies": "Visually Disturbing",
    "Corpses": "Visually Disturbing",
    "Air Crash": "Visually Disturbing",
    "Explosions and Blasts": "Visually Disturbing",
    "Products": "Drugs & Tobacco",
    "Drugs & Tobacco Paraphernalia & Use": "Drugs & Tobacco",
    "Alcohol Use": "Alcohol",
    "Alcoholic Beverages": "Alcohol",
    "Middle Finger": "Rude Gestures",
    "Nazi Party": "Hate Symbols",
    "White Supremacy": "Hate Symbols",
    "Extremist": "Hate Symbols",
    # level 3
    "Exposed Male Genitalia": "Explicit Nudity",
    "Exposed Female Genitalia": "Explicit Nudity",
    "Exposed Buttocks or Anus": "Explicit Nudity",
    "Exposed Female Nipple": "Explicit Nudity",
    "Pills": "Products",
    "Smoking": "Drugs & Tobacco Paraphernalia & Use",
    "Blood & Gore": "Graphic Violence",
    "Weapon Violence": "Graphic Violence",
}


def moderation_ancestors(name: str, parent: str | None = None) -> list[str]:
    """``name``'s ancestors, nearest first (``parent`` overrides the taxonomy for ``name``)."""
    chain: list[str] = []
    current = MODERATION.get(name, "") if parent is None else parent
    while current and current not in chain:
        chain.append(current)
        current = MODERATION.get(current, "")
    return chain
