"""OCR misreadings: the characters Tesseract takes for one another, and where a reading that
undoes them may stand.

A fixed-format identifier read from a scan can come out with a letter where the format has a
digit ("DMi2 GUV" for DM12 GUV, "PC 47l6") or a digit where it has a letter, in lower case, with
a letter the format never uses, or split by a stray space ("james .davis@..."). A recogniser that
reads text the way OCR misreads it (`as_digits`, `as_letters`) checks what it reads against the
identifier's real format, and marks the result OCR_ONLY unless something in the text itself
supports it (a label such as "VRM:" straight before it). The detector keeps an OCR_ONLY result
only where every character of it was read by OCR (`stands`): digital text is read no more loosely
than before, where a stray "i" among digits is a typing slip or a different code, not a misread.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sized
from dataclasses import dataclass

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

# Taken for a digit where the format has one: O o D Q -> 0, I l i | ! -> 1, Z z -> 2,
# S s -> 5, G b -> 6, B -> 8.
TO_DIGIT = {
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "I": "1", "l": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "G": "6", "b": "6", "B": "8",
}  # fmt: skip
# Taken for a capital letter where the format has one: the same pairs the other way round.
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
# Character classes (for regex) of what OCR may print for a digit / a capital letter.
DIGIT_LIKE = "[0-9" + "".join(sorted(TO_DIGIT)).replace("|", r"\|") + "]"
LETTER_LIKE = "[A-Za-z" + "".join(sorted(TO_LETTER)) + "]"
# recognition_metadata key: the result stands only where OCR read every character of it
OCR_ONLY = "ocr_only"
# Attribute the detector sets on a page's NLP artifacts: the offsets of the characters OCR read.
OCR_READ = "redactor_ocr_read"


def with_ocr_read(nlp_artifacts: NlpArtifacts, ocr_read: Container[int]) -> NlpArtifacts:
    """Tell the misread recognisers which characters of this page OCR read (Presidio hands
    them the artifacts, and nothing else of ours)."""
    setattr(nlp_artifacts, OCR_READ, ocr_read)
    return nlp_artifacts


def as_digits(text: str) -> tuple[str, int] | None:
    """`text` read as digits, and how many characters that changed; None if it cannot be."""
    out = []
    changed = 0
    for ch in text:
        if ch.isascii() and ch.isdigit():
            out.append(ch)
        elif ch in TO_DIGIT:
            out.append(TO_DIGIT[ch])
            changed += 1
        else:
            return None
    return "".join(out), changed


def as_letters(text: str) -> tuple[str, int] | None:
    """`text` read as capital letters, and how many characters that changed."""
    out = []
    changed = 0
    for ch in text:
        if "A" <= ch <= "Z":
            out.append(ch)
        elif ch in TO_LETTER:
            out.append(TO_LETTER[ch])
            changed += 1
        elif "a" <= ch <= "z":
            out.append(ch.upper())
            changed += 1
        else:
            return None
    return "".join(out), changed


def misread_result(
    recogniser: object,
    entity_type: str,
    span: tuple[int, int],
    score: float,
    reading: str,
    ocr_only: bool,
) -> RecognizerResult:
    """A result for text that reads as `reading` once OCR's slips are undone."""
    name = str(getattr(recogniser, "name", type(recogniser).__name__))
    explanation = AnalysisExplanation(
        recognizer=name,
        original_score=score,
        pattern_name=f"{reading} as misread by OCR",
        textual_explanation=f"read as {reading}",
    )
    return RecognizerResult(
        entity_type=entity_type,
        start=span[0],
        end=span[1],
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: getattr(recogniser, "id", name),
            OCR_ONLY: ocr_only,
        },
    )


def stands(result: RecognizerResult, text: str, ocr_read: Container[int]) -> bool:
    """Whether a result may be proposed: any result that is not OCR_ONLY, and an OCR_ONLY one
    whose every character (spaces aside) was read by OCR."""
    if not (result.recognition_metadata or {}).get(OCR_ONLY):
        return True
    return all(
        index in ocr_read for index in range(result.start, result.end) if not text[index].isspace()
    )


@dataclass(frozen=True)
class Reading:
    """A span of the text and what it says once OCR's slips are undone."""

    start: int
    end: int
    reading: str
    ocr_only: bool = True


class MisreadRecognizer(LocalRecognizer):
    """A recogniser of identifiers as OCR misreads them: candidate spans found by `CANDIDATES`
    (regexes, tried at every position), each checked by `read`."""

    ENTITY = ""
    SCORE = 0.6
    CANDIDATES: tuple[regex.Pattern[str], ...] = ()
    CONTEXT: tuple[str, ...] = ()
    # On a page where OCR read no character, only a reading that is not OCR_ONLY can stand: a
    # pattern the page must match for any reading to be so (the words of the labels that make
    # a reading stand); None when every reading is OCR_ONLY.
    NOT_OCR_ONLY_NEEDS: regex.Pattern[str] | None = None

    def __init__(self, name: str, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=name,
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Nothing to load: the candidates are compiled with the class."""

    def read(self, match: regex.Match[str], text: str) -> Reading | None:
        raise NotImplementedError

    def parts(self, text: str) -> Iterable[tuple[int, int]]:
        """The (start, end) parts of `text` where a candidate may lie, searched in this order
        (a look-behind still sees the text before a part): by default the whole text."""
        return ((0, len(text)),)

    def nothing_can_stand(self, text: str, read: Container[int] | None) -> bool:
        """Whether no reading could stand on this page: OCR read none of its characters (so
        every OCR_ONLY reading would be dropped) and it lacks what any other reading needs."""
        if read is None or not isinstance(read, Sized) or len(read) > 0:
            return False
        return self.NOT_OCR_ONLY_NEEDS is None or self.NOT_OCR_ONLY_NEEDS.search(text) is None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        read: Container[int] | None = getattr(nlp_artifacts, OCR_READ, None)
        if self.nothing_can_stand(text, read):
            return []
        results = []
        parts = list(self.parts(text))
        for candidates in self.CANDIDATES:
            for start, end in parts:
                for match in candidates.finditer(text, start, end, overlapped=True):
                    found = self.read(match, text)
                    if found is not None:
                        results.append(
                            misread_result(
                                self,
                                self.ENTITY,
                                (found.start, found.end),
                                self.SCORE,
                                found.reading,
                                found.ocr_only,
                            )
                        )
        # A reading that cannot stand here (OCR_ONLY, over characters OCR did not read) is
        # dropped now, not after Presidio's duplicate removal: there it would remove a result
        # of the same type inside it with no higher score, and then be dropped itself.
        if read is not None:
            results = [r for r in results if stands(r, text, read)]
        return EntityRecognizer.remove_duplicates(results)
