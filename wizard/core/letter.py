"""The draft letter asking the council for an EHC needs assessment, built from a plan snapshot.

The family's own answers fill it in; anything they did not give is a clearly marked gap for them to
complete before sending. A young person's letter is written in their own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.core.locality import Locality


@dataclass(frozen=True)
class Run:
    """A run of text in a paragraph; a gap is for the family to fill in."""

    text: str
    gap: bool = False


Paragraph = tuple[Run, ...]


@dataclass(frozen=True)
class LetterSection:
    """A heading (or none) and its paragraphs."""

    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Letter:
    """The whole letter, plus advice for the family that is not part of it."""

    sender: tuple[Paragraph, ...]
    recipient: tuple[str, ...]
    subject: Paragraph
    salutation: str
    sections: tuple[LetterSection, ...]
    sign_off: tuple[Paragraph, ...]
    advice: tuple[str, ...]


def _plain(*texts: str) -> Paragraph:
    return tuple(Run(text) for text in texts)


def _answer_rows(snapshot: dict[str, Any]) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for section in snapshot.get("told_us", []):
        for row in section["rows"]:
            rows[row["question"]] = list(row["answer"])
    return rows


def _given(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else ""


def _text_or_gap(answers: dict[str, Any], key: str, gap: str) -> tuple[Paragraph, ...]:
    text = _given(answers, key)
    if not text:
        return ((Run(gap, gap=True),),)
    return tuple(_plain(line) for line in text.splitlines() if line.strip())


def request_letter(snapshot: dict[str, Any], locality: Locality) -> Letter:
    """Draft the request letter for the family whose plan this is."""
    answers: dict[str, Any] = snapshot.get("answers", {})
    rows = _answer_rows(snapshot)
    young = snapshot.get("respondent") == "young_person"
    first_name = _given(answers, "first_name")
    # The name the family gave is theirs; only what is missing is marked for them to fill in.
    full_name_gap = "[Add your full name]" if young else "[Add your child's full name]"
    name: Paragraph = (
        (Run(first_name + " "), Run("[add surname]", gap=True))
        if first_name
        else (Run(full_name_gap, gap=True),)
    )
    if young:
        who, whose, who_has = "I", "My", "I have"
    else:
        who = first_name or "my child"
        whose = f"{first_name}'s" if first_name else "My child's"
        who_has = f"{first_name} has" if first_name else "My child has"
    setting = (rows.get("setting") or [""])[0]
    needs = [area for area in rows.get("needs_areas", []) if area != "I'm not sure"]
    diagnoses = [c for c in rows.get("conditions", []) if c != "None of these"]

    sender = (
        (Run("[Your name]", gap=True),),
        (Run("[Your address]", gap=True),),
        (Run("[Your email address or phone number]", gap=True),),
        (Run("[The date you send this letter]", gap=True),),
    )
    recipient = tuple(locality.send_team_address)
    subject = (
        Run("Request for an Education, Health and Care needs assessment: "),
        *name,
        Run(", born "),
        Run("[add date of birth]", gap=True),
    )
    opening: tuple[Paragraph, ...] = (
        _plain(
            "I am writing to request an Education, Health and Care (EHC) needs assessment for myself, "
            "under section 36(1) of the Children and Families Act 2014."
            if young
            else "I am writing as a parent to request an Education, Health and Care (EHC) needs assessment "
            f"for {who}, under section 36(1) of the Children and Families Act 2014."
        ),
    )
    if setting:
        opening += (
            _plain(
                f"{'I am' if young else who[0].upper() + who[1:] + ' is'} currently at: {setting}."
            ),
        )
    test = (
        _plain(
            "Under section 36(8) of the Act, the council must carry out an assessment if "
            + (
                "I have or may have special educational needs, and I may need"
                if young
                else f"{who} has or may have special educational needs, and may need"
            )
            + " special educational provision to be made through an EHC plan. This two-part test is the only "
            "test that applies. A diagnosis is not needed."
        ),
    )
    needs_paragraphs: tuple[Paragraph, ...] = ()
    if needs:
        needs_paragraphs += (
            _plain(f"{who_has} needs in these areas: {', '.join(needs).lower()}."),
        )
    if diagnoses:
        needs_paragraphs += (_plain(f"Diagnoses, or assessments awaited: {', '.join(diagnoses)}."),)
    needs_paragraphs += _text_or_gap(
        answers,
        "needs_description",
        "[Describe the needs and how they affect learning, progress, attendance, friendships and wellbeing]",
    )
    sections = (
        LetterSection("", opening),
        LetterSection("The legal test", test),
        LetterSection(
            f"{'My' if young else whose} strengths",
            _text_or_gap(answers, "child_strengths", "[Describe strengths and interests]"),
        ),
        LetterSection(f"{'My' if young else whose} special educational needs", needs_paragraphs),
        LetterSection(
            "Support tried so far, and why it is not enough",
            _text_or_gap(
                answers,
                "support_tried",
                "[Describe the SEN support tried, for how long, and what difference it made]",
            ),
        ),
        LetterSection(
            "Professionals involved",
            (
                *_text_or_gap(
                    answers,
                    "professionals_involved",
                    "[List the professionals involved, such as the SENCO or a therapist]",
                ),
                _plain("Please ask them for advice as part of the assessment."),
            ),
        ),
        LetterSection(
            "Reports enclosed",
            _text_or_gap(
                answers,
                "reports_held",
                "[List the reports you are sending with this letter, if any]",
            ),
        ),
        LetterSection(
            "What I am asking for",
            (
                _plain(
                    "Please tell me your decision within 6 weeks of receiving this request, as regulation 5 of the "
                    "Special Educational Needs and Disability Regulations 2014 requires. If you decide not to assess, "
                    "please tell me about my right to appeal and about mediation."
                ),
                _plain("Please confirm in writing the date you received this request."),
            ),
        ),
    )
    sign_off: tuple[Paragraph, ...] = (_plain("Yours faithfully,"), (Run("[Your name]", gap=True),))
    if not young:
        sign_off += ((Run("Parent of "), *name),)
    advice = (
        "Fill in every part in square brackets, and delete anything that does not apply.",
        f"Send it to the {locality.council_name} {locality.send_team_name} by email "
        f"({locality.send_team_email}) or by tracked post.",
        "Keep proof of the date you sent it, such as the sent email or the tracking receipt. "
        "The 6 weeks count from the day the council receives it.",
        f"{locality.sendiass.name} can check the letter with you for free.",
    )
    return Letter(
        sender,
        recipient,
        subject,
        f"Dear {locality.send_team_name},",
        sections,
        sign_off,
        advice,
    )
