"""The report definition: its parts and sections, each a small template of sentences filled from ``Facts``.

    I.   KẾT QUẢ ĐẠT ĐƯỢC   1. kênh thông tin  2. lực lượng biệt đội  3. hoạt động tuyên truyền, chia sẻ
                            4. cuộc thi trực tuyến  5. chương trình phối hợp
    II.  HẠN CHẾ, NGUYÊN NHÂN             (a prompt for the officer)
    III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI   (a prompt for the officer)

A ``SectionSpec`` has either ``write`` — a function ``Facts -> list[Paragraph]`` — or a ``prompt`` the officer
replaces. A section whose writer finds nothing to say gets the "no data" prompt instead of an empty heading.

The programme section (I.5) words each coordination programme the report's units are party to, for the year of
the period's end and as of its end, from the programme page's read model (``Facts.programmes``) with the rules of
``programme_rules``: what the programme is and the year's counts per party, one paragraph per key task naming each
indicator's target, actual and status per party, and the review conferences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from queries.periods import MERGER
from reports.narrative import rules
from reports.narrative import templates as tpl
from reports.narrative.facts import Facts
from reports.narrative.model import Paragraph, Sentence


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    write: Callable[[Facts], list[Paragraph]] | None = None
    prompt: str | None = None


def _paras(*groups) -> list[Paragraph]:
    out = []
    for group in groups:
        p = Paragraph.of(list(group))
        if p is not None:
            out.append(p)
    return out


def _breakdown(f: Facts, key: str, dim: str, labels: dict[str, str], dim_word: str) -> Sentence | None:
    q = rules.Quotes(f.units_text, f.period)
    clause = rules.breakdown_clause(key, f.parts(key, dim, labels), q, dim_word)
    return rules.sentence(clause, q) if clause else None


def _from_level(f: Facts) -> dict[str, str]:
    """'từ Trung ương', 'từ tỉnh', 'từ cơ sở': where a shared link came from."""
    return {k: "từ " + (v if v == "Trung ương" else v.lower()) for k, v in f.source_level_labels.items()}


def _fastest(f: Facts, key: str) -> Sentence | None:
    change = f.first_change()
    if change is None:
        return None
    return rules.fastest_sentence(key, f.parts(key, "platform", f.platform_labels), f.units_text, f.period, change)


def _ranking(f: Facts, key: str) -> Sentence | None:
    if not f.several_units:
        return None
    return rules.ranking_sentence(key, f.unit_parts(key), f.units_text, f.period)


# ---- I. results ------------------------------------------------------------------------------------------


def _figures(f: Facts, keys, **kw) -> list[Sentence | None]:
    """Sentences of several metrics in one paragraph: the first names the period, the others do not."""
    out: list[Sentence | None] = []
    for key in keys:
        out.append(rules.figure_sentence(f.figure(key), f.subject, first=not any(out), **kw))
    return out


def _ratio(f: Facts, key: str) -> Sentence | None:
    return rules.figure_sentence(f.figure(key), f.subject, with_changes=False, with_target=False)


def channels_section(f: Facts) -> list[Paragraph]:
    return _paras(
        _figures(f, ["channels"])
        + [_breakdown(f, "channels", "platform", f.platform_labels, "loại kênh"), _fastest(f, "channels")],
        _figures(f, ["followers"]) + [_ratio(f, "followers_per_channel")],
        _figures(f, ["channel_posts", "interactions"])
        + [rules.movement_sentence(f.figure("channels_new"), f.figure("channels_closed"), "kênh mở mới",
                                   "kênh ngừng hoạt động")],
        [_ranking(f, "channels")],
    )


def teams_section(f: Facts) -> list[Paragraph]:
    return _paras(
        _figures(f, ["teams", "members"]) + [_ratio(f, "members_per_team")],
        [rules.movement_sentence(f.figure("teams_new"), f.figure("teams_closed"), "biệt đội thành lập mới",
                                 "biệt đội giải thể")],
        [_ranking(f, "members")],
    )


def activities_section(f: Facts) -> list[Paragraph]:
    return _paras(
        _figures(f, ["posts"]) + [_fastest(f, "posts")],
        _figures(f, ["link_shares"]) + [_breakdown(f, "link_shares", "source_level", _from_level(f), "nguồn")],
        _figures(f, ["guided_comments", "violation_reports", "livestreams"]),
        _figures(f, ["activity_reach"], with_target=False),
        [_ranking(f, "posts")],
    )


def contests_section(f: Facts) -> list[Paragraph]:
    s = f.subject
    out = _paras(rules.contest_sentences(f.figure("contest_nguoi"), f.figure("contest_luot"), s)
                 + [_ratio(f, "luot_per_nguoi")])
    listing = rules.contest_list(f.contest_rows(), f.units_text, f.period, s if f.codes else "")
    out += [p for p in (Paragraph.of([line]) for line in listing) if p is not None]
    out += _paras([_ranking(f, "contest_luot")])
    return out


def programmes_section(f: Facts) -> list[Paragraph]:
    """I.5: every programme of ``Facts.programmes`` (none: the officer's prompt stays)."""
    from reports.narrative import programme

    return [p for prog in f.programmes for p in programme.paragraphs(prog)]


RESULTS: tuple[SectionSpec, ...] = (
    SectionSpec("channels", tpl.HEADINGS["channels"], write=channels_section),
    SectionSpec("teams", tpl.HEADINGS["teams"], write=teams_section),
    SectionSpec("activities", tpl.HEADINGS["activities"], write=activities_section),
    SectionSpec("contests", tpl.HEADINGS["contests"], write=contests_section),
    SectionSpec("programmes", tpl.HEADINGS["programmes"], write=programmes_section, prompt=tpl.PROMPTS["programmes"]),
)

PARTS: tuple[tuple[str, str, tuple[SectionSpec, ...] | str], ...] = (
    ("results", tpl.PART_RESULTS, RESULTS),
    ("limits", tpl.PART_LIMITS, tpl.PROMPTS["limits"]),
    ("next", tpl.PART_NEXT, tpl.PROMPTS["next"]),
)


def intro(f: Facts, kind: str) -> list[Paragraph]:
    """The opening: what is reported, by whom; who has not reported; the notes the figures need."""
    where = tpl.WHERE_ALL if not f.codes else (tpl.WHERE_UNITS.format(units=f.subject)
                                               if f.issuer.level == "central" else "")
    opening = Sentence(tpl.INTRO.format(issuer=f.issuer.name, kind=tpl.KIND_WORD[kind], topic=tpl.TOPIC,
                                        period=rules.prose_label(f.nominal_label), where=where))
    missing, n_units = f.missing_reports()
    notes: list[Sentence | None] = [rules.reporting_sentence(missing, n_units, f.units_text, f.period,
                                                             single=not f.several_units)]
    if f.incomplete:
        end = f.counted.end
        notes.append(Sentence(tpl.INCOMPLETE.format(month=f"{end.month:02d}/{end.year}")))
    if f.choices.platforms:
        labels = f.platform_labels
        notes.append(Sentence(tpl.PLATFORM_NOTE.format(platforms=", ".join(labels.get(p, p) for p in f.choices.platforms))))

    if f.choices.start < MERGER:
        notes.append(Sentence(tpl.BOUNDARY_NOTE[f.choices.boundary]))
    if f.choices.boundary == "historical" and f.compares_across_merger:
        notes.append(Sentence(tpl.HISTORICAL_ACROSS_MERGER))
    return [p for p in (Paragraph.of([opening]), Paragraph.of(notes)) if p is not None]
