"""The draft letter asking the council for an EHC needs assessment, built from a plan snapshot.

The family's own answers fill it in; anything they did not give is a clearly marked gap for them to
complete before sending.

Who may ask is set by the Children and Families Act 2014, section 36(1): the child's parent, the
young person (over compulsory school age), or a person acting for the school or college. So the
letter is written for the person who may send it:

- a parent, for a child (up to the last Friday in June of Year 11, `compulsory_school_age_ends`);
- the young person, in their own name, once they are over compulsory school age (a parent can
  help, or act for them if they lack capacity: section 80 and regulation 64);
- the nursery, school or college, when a professional answering says it will send the letter.

A professional who is none of these cannot ask, so they never get a letter "as a parent". When the
child lives in another council's area, that council is responsible (section 24): the letter is
addressed to it, never to this council's team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from wizard.core.content_ids import (
    CHILD_STRENGTHS,
    COMPULSORY_SCHOOL_AGE_ENDS,
    CONDITIONS,
    FIRST_NAME,
    HOME_COUNCIL_NAME,
    LETTER_SENDER,
    LETTER_WANTED,
    LIVES_IN_AREA,
    NEEDS_AREAS,
    NEEDS_DESCRIPTION,
    PROFESSIONALS_INVOLVED,
    REPORTS_HELD,
    SETTING,
    SETTING_NAME,
    SUPPORT_TRIED,
)
from wizard.core.graph import long_date
from wizard.core.locality import Locality
from wizard.core.snapshot import PlanSnapshot

Writer = Literal["parent", "young_person", "setting"]
#: Who reads a note: the family (a parent or the young person), or a keyworker.
Reader = Literal["parent", "young_person", "staff"]

#: The kind of place each setting is, for a letter from the setting ("on behalf of the school").
SETTING_KINDS = {
    "early_years": "nursery",
    "mainstream_school": "school",
    "resourced_provision": "school",
    "special_school": "school",
    "independent_school": "school",
    "alternative_provision": "school",
    "school_sixth_form": "school",
    "college": "college",
}


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
    """The whole letter, plus notes and advice for the family that are not part of it.

    `notes` say who sends the letter and where it goes (shown on the plan page and in the PDF);
    `keyworker_notes` are for a keyworker who answered with the family (shown to staff only: the
    plan and the letter are the family's); `advice` is the practical checklist before sending.
    """

    writer: Writer
    sender: tuple[Paragraph, ...]
    recipient: tuple[Paragraph, ...]
    subject: Paragraph
    salutation: str
    sections: tuple[LetterSection, ...]
    sign_off: tuple[Paragraph, ...]
    notes: tuple[str, ...]
    advice: tuple[str, ...]
    keyworker_notes: tuple[str, ...] = ()


def _plain(*texts: str) -> Paragraph:
    return tuple(Run(text) for text in texts)


def _gap(text: str) -> Paragraph:
    return (Run(text, gap=True),)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _answer_rows(snapshot: PlanSnapshot) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for section in snapshot.told_us:
        for row in section.rows:
            rows[row.question] = list(row.answer)
    return rows


def _given(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else ""


def _text_or_gap(answers: dict[str, Any], key: str, gap: str) -> tuple[Paragraph, ...]:
    value = answers.get(key)
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return (_gap(gap),)
    return tuple(_plain(line) for line in text.splitlines() if line.strip())


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class _Who:
    """Who is answering, who sends the letter, and what we call the child or young person."""

    respondent: str  # parent_carer, young_person or professional
    writer: Writer
    over_school_age: bool
    school_age_ends: date | None
    name: str  # the first name given, or ""
    setting_kind: str  # nursery, school or college: the setting sending it, or ""
    chosen: str  # a professional's answer to letter_sender, or ""
    at_a_setting: bool
    place: str = ""  # nursery, school or college: where the child is, whoever sends it, or ""
    setting_name: str = ""  # the name of that place, as the family gave it, or ""

    @property
    def ends(self) -> str:
        """When compulsory school age ends, in words."""
        if self.school_age_ends is None:
            return "the last Friday in June of Year 11"
        return f"{long_date(self.school_age_ends)}, the last Friday in June of Year 11"

    @property
    def end_date(self) -> str:
        """When compulsory school age ends: the date alone, when it is known."""
        if self.school_age_ends is None:
            return "the last Friday in June of Year 11"
        return long_date(self.school_age_ends)

    def third(self, default: str) -> str:
        """The child or young person in the third person: their name, or `default`."""
        return self.name or default

    def possessive(self, default: str) -> str:
        """The child or young person's: their name's, or `default`'s."""
        return f"{self.name}'s" if self.name else f"{default}'s"

    @property
    def default(self) -> str:
        """The child or young person, unnamed, as a keyworker or the letter speaks of them."""
        return "the young person" if self.over_school_age else "the child"


def _who(snapshot: PlanSnapshot, answers: dict[str, Any]) -> _Who:
    respondent = snapshot.respondent or "parent_carer"
    ends = _day(snapshot.derived.get(COMPULSORY_SCHOOL_AGE_ENDS))
    # Compulsory school age ends at the end of that Friday (Education Act 1996, section 8(3)).
    over = snapshot.as_of > ends if ends is not None else respondent == "young_person"
    setting = answers.get(SETTING)
    kind = SETTING_KINDS.get(setting, "") if isinstance(setting, str) else ""
    answer = answers.get(LETTER_SENDER) if respondent == "professional" else None
    chosen = answer if isinstance(answer, str) else ""
    writer: Writer = "young_person" if over else "parent"
    if chosen == "setting" and kind:
        writer = "setting"
    return _Who(
        respondent=respondent,
        writer=writer,
        over_school_age=over,
        school_age_ends=ends,
        name=_given(answers, FIRST_NAME),
        setting_kind=kind if writer == "setting" else "",
        chosen=chosen,
        at_a_setting=bool(kind),
        place=kind,
        # Only asked of a child at a setting; an answer kept from before a change is not used.
        setting_name=_given(answers, SETTING_NAME) if kind else "",
    )


# --- Notes for the family: who sends the letter, and where ------------------------------------


def _notes_for_a_parent(who: _Who) -> tuple[str, ...]:
    child = who.third("your child")
    if who.writer == "parent":
        return (
            f"As {who.possessive('your child')} parent, you can ask the council for this assessment. "
            "The letter is written for you to send.",
        )
    # Sam, or "them" / "they" when no name was given ("your child" opens the first sentence).
    them, they_lack, theirs = (
        (who.name, f"{who.name} lacks", f"{who.name}'s")
        if who.name
        else ("them", "they lack", "theirs")
    )
    return (
        f"{_cap(child)} is over compulsory school age, which ended on {who.ends}.",
        f"So the law says the request is {theirs} to make. "
        f"The letter is written for {them} to send, in their own name.",
        f"You can help {them} with it. If {they_lack} the mental capacity to make this decision, "
        "you can make the request for them.",
        "Then say in the letter that you are acting for them, and sign it yourself. "
        "If they have a deputy or attorney for these decisions, that person acts for them instead.",
    )


def _notes_for_a_young_person(who: _Who) -> tuple[str, ...]:
    if who.writer == "young_person":
        return (
            "You are over compulsory school age, so you can ask for this assessment yourself. "
            "The letter is written in your name, for you to send.",
            "A parent, carer or someone else you trust can help you with it.",
        )
    return (
        f"You are still of compulsory school age until {who.ends}.",
        "Until then, the law says your parent makes the request. "
        "So the letter is written for your parent or carer to send.",
        "After that date, you can ask for yourself.",
    )


def _notes_for_a_professional(who: _Who) -> tuple[str, ...]:
    default = "the young person" if who.over_school_age else "the child"
    child = who.third(default)
    notes = [
        "Only a parent, or the school or college (including a council nursery school), can ask for "
        "a child.",
        "A young person can ask for themselves after the last Friday in June of Year 11.",
        "Other professionals can tell the council about a child, but cannot ask for the assessment.",
    ]
    if who.chosen == "setting" and not who.at_a_setting:
        notes.append(
            f"You chose a letter from the nursery, school or college, but you told us {child} is not "
            "at one. So this letter is for the family to send."
        )
    if who.writer == "setting":
        kind = who.setting_kind
        notes += [
            f"This letter is written for the {kind} to send, signed by someone acting on its behalf, "
            "such as the SENCO (special educational needs coordinator).",
            "Talk to the family before it is sent. The Code of Practice says a request from a setting "
            "should be made with the family's knowledge and, where possible, their agreement.",
        ]
        if kind == "nursery":
            notes += [
                "Section 36(1) of the Children and Families Act 2014 names schools and colleges, "
                "including maintained nursery schools.",
                "Other nurseries and childminders can still write to the council. The council must "
                "then decide whether to assess (sections 24 and 36(3)). The parent can also send their own request.",
            ]
        return tuple(notes)
    if who.writer == "young_person":
        if who.chosen == "parent":
            notes.append(
                f"You chose the parent, but {child} is over compulsory school age, so the request is "
                f"{who.possessive(default) if who.name else 'theirs'} to make."
            )
        notes += [
            f"This letter is written for {child} to send, in their own name. Give it to them to check, "
            "complete and send.",
            "A parent can help. If the young person lacks the mental capacity to make this decision, "
            "a parent can make the request for them.",
            "But if a deputy or attorney acts for the young person, that person makes it instead.",
        ]
    else:
        if who.chosen == "young_person":
            notes.append(
                f"You chose the young person, but {child} is still of compulsory school age until "
                f"{who.end_date}. Until then, the request is the parent's."
            )
        notes.append(
            f"This letter is written for {who.possessive(default)} parent to send. Give it to them to "
            "check, complete and send."
        )
    if who.at_a_setting:
        notes.append(
            "For a version the nursery, school or college can send, change your answer to "
            "'Who will send the letter to the council?'."
        )
    return tuple(notes)


def _notes_for_the_family(who: _Who, young_person_reads: bool) -> tuple[str, ...]:
    """A keyworker's case: the notes the family reads (the keyworker's own are kept apart)."""
    if who.writer == "setting":
        kind = who.setting_kind or "nursery, school or college"
        return (
            f"This letter is written for the {kind} to send to the council.",
            "You can also send your own request. Ask your keyworker if you want a letter from you.",
        )
    if young_person_reads and who.writer == "young_person":
        return _notes_for_a_young_person(who)
    return _notes_for_a_parent(who)


TEAM = "the SEND (special educational needs and disabilities) team"


def _home_council_gap(who: _Who) -> str:
    """The gap for the name of the council where the child lives, in the sender's words."""
    if who.writer == "setting":
        return f"[Name of the {'young person' if who.over_school_age else 'child'}'s council]"
    return "[Name of your council]"


def _child_for(who: _Who, reader: Reader) -> str:
    """The child or young person as `reader` speaks of them (to open a sentence: capitalise)."""
    if reader == "young_person":
        return "you"
    if reader == "parent":
        return who.third("your child")
    return who.third(who.default)


def _lives_elsewhere(who: _Who, locality: Locality, reader: Reader) -> str:
    if reader == "young_person":
        lives = f"You do not live in {locality.area_name}, so the council where you live"
    else:
        child = _cap(_child_for(who, reader))
        lives = f"{child} does not live in {locality.area_name}, so the council where they live"
    return f"{lives} is responsible for Education, Health and Care (EHC) needs assessments."


def _where_to_send(
    who: _Who, locality: Locality, home_council: str | None, reader: Reader
) -> tuple[str, ...]:
    """Where the letter goes, for `reader`: the sender is told how to send it, a family whose
    nursery, school or college sends it is told where it goes."""
    setting_sends = who.writer == "setting" and reader != "staff"
    if home_council is None:
        if setting_sends:
            return (
                f"The {who.setting_kind} will send it to the {locality.council_name} "
                f"{locality.send_team_name}.",
            )
        return (
            f"Send it to the {locality.council_name} {locality.send_team_name} by email "
            f"({locality.send_team_email}) or by tracked post.",
        )
    notes = [_lives_elsewhere(who, locality, reader)]
    if setting_sends:
        notes.append(
            f"The {who.setting_kind} will send it to {TEAM} at your council, "
            f"not to {locality.council_name}."
        )
    elif home_council:
        notes.append(
            f"The letter is addressed to {TEAM} at {home_council}, not to {locality.council_name}. "
            "Add that council's address or email address before you send it."
        )
    else:
        council = (
            f"the council where {_child_for(who, reader)} lives"
            if reader == "staff"
            else "your own council"
        )
        notes += [
            f"Send the letter to {TEAM} at {council}, not to {locality.council_name}.",
            f"Put the council's name and address where the letter says {_home_council_gap(who)}.",
        ]
    return tuple(notes)


def _elsewhere_for_a_keyworker(who: _Who, locality: Locality) -> str:
    """A keyworker of this council is told, once, that the letter is not for its own team."""
    return (
        f"{_cap(_child_for(who, 'staff'))} lives in another council's area. That council decides "
        "on the assessment, so the letter goes to its SEND (special educational needs and "
        f"disabilities) team, not to {locality.council_name}."
    )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])}, and {items[-1]}"


def _gaps_note(who: _Who, reader: Reader, home_council: str | None) -> tuple[str, ...]:
    """Tell whoever completes the letter to fill in its gaps, naming the main ones."""
    if reader == "young_person":
        child = "your"
    elif reader == "parent":
        child = who.possessive("your child") if who.name else "your child's"
    else:
        child = who.possessive(who.default)
    items = [f"{child} {'surname' if who.name else 'full name'}", "date of birth"]
    if who.place and not who.setting_name:
        items.append(f"the name of the {who.place}")
    if home_council == "":
        items.append(
            "the name of the council" if who.writer == "setting" else "the name of your council"
        )
    if who.writer == "setting":
        items.append("your name and role")
    elif (reader, who.writer) in (("parent", "parent"), ("young_person", "young_person")):
        items.append("your name and address")
    else:
        items.append("the sender's name and address")
    return (
        "The letter has gaps in square brackets for you to fill in before you send it.",
        f"They include {_join(items)}.",
    )


# --- The letter itself ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Voice:
    """How the letter speaks of the child or young person: 'Sam', 'my child' or 'I'."""

    subject: str  # Sam / my child / I
    object: str  # Sam / my child / me
    possessive: str  # Sam's / my child's / my
    has: str  # Sam has / I have
    is_: str  # Sam is / I am


def _voice(who: _Who) -> _Voice:
    if who.writer == "young_person":
        return _Voice("I", "me", "my", "I have", "I am")
    default = (
        "my child"
        if who.writer == "parent"
        else ("the young person" if who.over_school_age else "the child")
    )
    name = who.third(default)
    return _Voice(name, name, f"{name}'s", f"{name} has", f"{name} is")


def _setting(who: _Who) -> Paragraph:
    """The name of the nursery, school or college, or a gap for it."""
    if who.setting_name:
        return (Run(who.setting_name),)
    return (Run(f"[Name of the {who.place}]", gap=True),)


def _opening(who: _Who, voice: _Voice, setting_label: str) -> tuple[Paragraph, ...]:
    ehc = "an Education, Health and Care (EHC) needs assessment"
    act = "the Children and Families Act 2014"
    if who.writer == "young_person":
        paragraphs: tuple[Paragraph, ...] = (
            _plain(f"I am writing to ask for {ehc} for me."),
            _plain(
                f"I am over compulsory school age, so I make this request myself, under section 36(1) of {act}."
            ),
        )
    elif who.writer == "parent":
        paragraphs = (
            _plain(
                f"I am writing as {voice.possessive} parent to request {ehc} for {voice.object}."
                if who.name
                else f"I am the parent of the child named above. I am writing to request {ehc} for my child."
            ),
            _plain(f"I make this request under section 36(1) of {act}."),
        )
    else:
        basis = (
            f"I ask you to consider this under sections 24 and 36 of {act}."
            if who.setting_kind == "nursery"
            else f"I make this request under section 36(1) of {act}."
        )
        family = voice.subject if who.over_school_age else f"{voice.possessive} parent"
        paragraphs = (
            (
                Run("I am writing on behalf of "),
                *_setting(who),
                Run(f" to request {ehc} for {voice.object}."),
            ),
            _plain(basis),
            _gap(f"[Say whether {family} knows about this request and agrees with it]"),
        )
        return paragraphs
    if who.at_a_setting:
        attends = "I attend " if who.writer == "young_person" else f"{_cap(voice.subject)} attends "
        paragraphs += ((Run(attends), *_setting(who), Run(".")),)
    elif setting_label:
        paragraphs += (_plain(f"{_cap(voice.is_)} currently at: {setting_label}."),)
    return paragraphs


def _legal_test(voice: _Voice) -> tuple[Paragraph, ...]:
    return (
        _plain(
            "Under section 36(8) of the Act, the council must carry out an assessment if two things "
            f"are true. First, {voice.has} or may have special educational needs. Second, it may be "
            f"necessary for special educational provision to be made for {voice.object} through an "
            "EHC plan."
        ),
        _plain("This two-part test is the only test that applies. A diagnosis is not needed."),
    )


def _asking(who: _Who, voice: _Voice) -> LetterSection:
    regulation = "regulation 5 of the Special Educational Needs and Disability Regulations 2014"
    confirm = _plain("Please confirm in writing the date you received this request.")
    if who.writer != "setting":
        return LetterSection(
            "What I am asking for",
            (
                _plain(
                    f"Please tell me your decision within 6 weeks of receiving this request, as {regulation} "
                    "requires. If you decide not to assess, please tell me about my right to appeal and "
                    "about mediation."
                ),
                confirm,
            ),
        )
    family = voice.object if who.over_school_age else f"{voice.possessive} parent"
    return LetterSection(
        "What we are asking for",
        (
            _plain(
                f"{_cap(regulation)} requires a decision within 6 weeks of receiving this request. "
                f"Please send your decision to {family}, with a copy to us. If you decide not to assess, "
                f"please tell {family} about the right to appeal and about mediation."
            ),
            confirm,
        ),
    )


def _addresses(
    who: _Who, locality: Locality, home_council: str | None
) -> tuple[tuple[Paragraph, ...], str]:
    """The recipient's address lines and the salutation."""
    if home_council is None:
        return tuple(_plain(line) for line in locality.send_team_address), (
            f"Dear {locality.send_team_name},"
        )
    council: Paragraph = (
        (Run(f"{home_council} SEND team"),)
        if home_council
        else (Run(_home_council_gap(who), gap=True), Run(" SEND team"))
    )
    return (council, _gap("[The council's address or email address]")), "Dear SEND team,"


def letter_offered(plan: PlanSnapshot) -> bool:
    """Whether to offer the draft letter: the plan suggests asking, and the family did not say no.

    `letter_wanted` is optional, so a family who skipped it still gets the draft; only "no" (False)
    withholds it.
    """
    return plan.offers_letter and plan.answers.get(LETTER_WANTED) is not False


def request_letter(snapshot: PlanSnapshot, locality: Locality) -> Letter:
    """Draft the request letter for the family whose plan this is."""
    answers: dict[str, Any] = dict(snapshot.answers)
    rows = _answer_rows(snapshot)
    who = _who(snapshot, answers)
    voice = _voice(who)
    # The council where the child lives is responsible (section 24): None means this council.
    home_council = (
        _given(answers, HOME_COUNCIL_NAME) if answers.get(LIVES_IN_AREA) is False else None
    )

    # The name the family gave is theirs; only what is missing is marked for them to fill in.
    full_name_gap = {
        "young_person": "[Your full name]",
        "parent": "[Your child's full name]",
        "setting": f"[{_cap(who.default)}'s full name]",
    }[who.writer]
    name: Paragraph = (
        (Run(who.name + " "), Run("[Surname]", gap=True)) if who.name else _gap(full_name_gap)
    )
    setting_label = (rows.get(SETTING) or [""])[0]
    needs = [area for area in rows.get(NEEDS_AREAS, []) if area != "I'm not sure"]
    diagnoses = [c for c in rows.get(CONDITIONS, []) if c != "None of these"]

    if who.writer == "setting":
        sender = (
            _gap("[Your name and role]"),
            *(
                ((Run(who.setting_name),), _gap(f"[Address of the {who.place}]"))
                if who.setting_name
                else (_gap(f"[Name and address of the {who.place}]"),)
            ),
            _gap("[Your work email address or phone number]"),
            _gap("[The date you send this letter]"),
        )
    else:
        sender = (
            _gap("[Your name]"),
            _gap("[Your address]"),
            _gap("[Your email address or phone number]"),
            _gap("[The date you send this letter]"),
        )
    recipient, salutation = _addresses(who, locality, home_council)
    subject = (
        Run("Request for an Education, Health and Care needs assessment: "),
        *name,
        Run(", born "),
        Run("[Date of birth]", gap=True),
    )
    needs_paragraphs: tuple[Paragraph, ...] = ()
    if needs:
        needs_paragraphs += (
            _plain(f"{_cap(voice.has)} needs in these areas: {', '.join(needs).lower()}."),
        )
    if diagnoses:
        needs_paragraphs += (_plain(f"Diagnoses, or assessments awaited: {', '.join(diagnoses)}."),)
    needs_paragraphs += _text_or_gap(
        answers,
        NEEDS_DESCRIPTION,
        "[Describe the needs and how they affect learning, progress, attendance, friendships and wellbeing]",
    )
    sections = (
        LetterSection("", _opening(who, voice, setting_label)),
        LetterSection("The legal test", _legal_test(voice)),
        LetterSection(
            f"{_cap(voice.possessive)} strengths",
            _text_or_gap(answers, CHILD_STRENGTHS, "[Describe strengths and interests]"),
        ),
        LetterSection(f"{_cap(voice.possessive)} special educational needs", needs_paragraphs),
        LetterSection(
            "Support tried so far, and why it is not enough",
            _text_or_gap(
                answers,
                SUPPORT_TRIED,
                "[Describe the extra support tried, for how long, and what difference it made]",
            ),
        ),
        LetterSection(
            "Professionals involved",
            (
                *_text_or_gap(
                    answers,
                    PROFESSIONALS_INVOLVED,
                    "[List the professionals involved, such as the special educational needs "
                    "coordinator (SENCO) or a therapist]",
                ),
                _plain("Please ask them for advice as part of the assessment."),
            ),
        ),
        LetterSection(
            "Reports enclosed",
            _text_or_gap(
                answers,
                REPORTS_HELD,
                "[List the reports you are sending with this letter, if any]",
            ),
        ),
        _asking(who, voice),
    )
    sign_off: tuple[Paragraph, ...] = (_plain("Yours faithfully,"), _gap("[Your name]"))
    if who.writer == "parent":
        sign_off += ((Run("Parent of "), *name),)
    elif who.writer == "setting":
        sign_off += (
            _gap("[Your role, such as special educational needs coordinator (SENCO)]"),
            (Run("On behalf of "), *_setting(who)),
        )

    keyworker_notes: tuple[str, ...] = ()
    reader: Reader
    if who.respondent == "professional":
        young_person_reads = snapshot.terms.get("child") == "you"
        reader = "young_person" if young_person_reads else "parent"
        keyworker_notes = _notes_for_a_professional(who)
        notes = _notes_for_the_family(who, young_person_reads)
        if who.writer == "setting":
            # The setting completes and sends it, so the keyworker gets the sender's notes.
            keyworker_notes += _where_to_send(who, locality, home_council, "staff")
            keyworker_notes += _gaps_note(who, "staff", home_council)
        elif home_council is not None:
            keyworker_notes += (_elsewhere_for_a_keyworker(who, locality),)
    elif who.respondent == "young_person":
        reader = "young_person"
        notes = _notes_for_a_young_person(who)
    else:
        reader = "parent"
        notes = _notes_for_a_parent(who)
    notes += _where_to_send(who, locality, home_council, reader)
    if who.writer != "setting":
        notes += _gaps_note(who, reader, home_council)
    if home_council is None:
        help_line = (
            f"{locality.sendiass.name} (the local special educational needs and disabilities "
            "information, advice and support service) can check the letter with you for free."
        )
    else:
        where = "where you live" if who.respondent == "young_person" else "where the family lives"
        help_line = (
            "The special educational needs and disabilities information, advice and support service "
            f"{where} can check the letter for free."
        )
    advice = (
        "Fill in every part in square brackets, and delete anything that does not apply.",
        "Keep proof of the date you sent it, such as the sent email or the tracking receipt. "
        "The 6 weeks count from the day the council receives it.",
        help_line,
    )
    return Letter(
        writer=who.writer,
        sender=sender,
        recipient=recipient,
        subject=subject,
        salutation=salutation,
        sections=sections,
        sign_off=sign_off,
        notes=notes,
        advice=advice,
        keyworker_notes=keyworker_notes,
    )
