"""The UK postcode format (Royal Mail), shared by the postcode and address recognisers."""

from __future__ import annotations

# First letter never Q V X; second letter never I J Z; a third-position letter (A1A) only
# from A-H J K P S T U W; a fourth-position letter (AA1A) only from A B E H M N P R V W X Y;
# the inward code is a digit and two letters, never C I K M O V.
OUTWARD = (
    r"(?:[A-PR-UWYZ](?:\d[A-HJKPSTUW]|\d{1,2})"
    r"|[A-PR-UWYZ][A-HK-Y](?:\d[ABEHMNPRVWXY]|\d{1,2}))"
)
INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
# A full postcode, spaced or not, in capitals ...
POSTCODE = rf"(?:{OUTWARD}[ ]?{INWARD}|GIR[ ]?0AA)"
# ... and in capitals or in lower case (not mixed).
POSTCODE_ANY_CASE = rf"(?:(?-i:{POSTCODE})|(?-i:{POSTCODE.lower()}))"
