"""The drafted report as neutral objects: header, sections of paragraphs, signature, appendices.

Every number printed in a paragraph is a ``Quote``: the text as printed ("13.712", "1,8 triệu", "6,3%"), the
exact value it was written from, and what it is (metric, measure, units, period), so the traceability
appendix can list each one and a test can check it against the metric layer. Writers (``reports.docx_report``,
``reports.narrative_pdf``) lay these out; they never compute or format a number themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    """One number as printed in the prose and where it comes from."""

    text: str          # as printed: "13.712", "1,8 triệu", "6,3%"
    value: float       # the exact value it was formatted from (a ratio for percentages)
    fmt: str           # how ``value`` reads exactly: 'int' | 'dec1' | 'dec2' | 'pct'
    metric: str        # catalogue key, or a read-side key ('reporting')
    what: str          # "Thành viên biệt đội — thay đổi so với cùng kỳ năm trước"
    units: str         # "Sơn La"
    period: str        # "6 tháng đầu năm 2024"
    qual: str | None = None   # the qualifier the figure was published with ('~', '>', '<'), said in ``text``


@dataclass
class Sentence:
    """A piece of prose and the numbers it quotes, in order of appearance."""

    text: str
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Paragraph:
    """style: 'body' (justified, first-line indent), 'prompt' (italic, for the officer to replace)."""

    text: str
    quotes: list[Quote] = field(default_factory=list)
    style: str = "body"

    @classmethod
    def of(cls, sentences: list[Sentence | None], style: str = "body") -> Paragraph | None:
        """Sentences joined into one paragraph (those left out by a rule are None); None when none remain."""
        kept = [s for s in sentences if s is not None and s.text]
        if not kept:
            return None
        return cls(" ".join(s.text for s in kept), [q for s in kept for q in s.quotes], style)


@dataclass
class Section:
    """A numbered heading and its paragraphs. level 1: "I. KẾT QUẢ ĐẠT ĐƯỢC"; level 2: "1. Kênh thông tin"."""

    key: str
    heading: str
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Table:
    """A numbered appendix: every cell already Vietnamese text; ``numeric`` columns are right-aligned."""

    number: int
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    note: str = ""
    widths: list[float] | None = None     # relative column widths (sum to anything)


@dataclass
class Header:
    """The party document's header (Hướng dẫn 36-HD/VPTW): issuing body top left with "*" under it and
    the number; "ĐẢNG CỘNG SẢN VIỆT NAM" top right with its rule, place and date in italics under it; the
    document type and its summary centred."""

    parent: str               # "TỈNH ỦY SƠN LA" / "BAN CHẤP HÀNH TRUNG ƯƠNG"
    body: str                 # "BAN TUYÊN GIÁO" / "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    number: str               # "Số      -BC/BTGTU" (the number left blank to fill)
    place_date: str           # "Sơn La, ngày      tháng      năm 2024"
    kind: str = "BÁO CÁO"
    summary: str = ""         # "sơ kết công tác ... 6 tháng đầu năm 2024"
    party: str = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass
class Document:
    header: Header
    intro: list[Paragraph]
    sections: list[Section]
    recipients: list[str]             # "Nơi nhận:" lines, each starting with "- "
    signature: list[str]              # "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"
    signer: str                       # the signer's name line, left for the officer
    appendices: list[Table]
    issuer: str                       # "Ban Tuyên giáo Tỉnh ủy Sơn La" (appendix lines, file metadata)
    units: str                        # "Sơn La"
    period: str                       # "6 tháng đầu năm 2024"
    sample_notice: str = ""           # set on a sample database
    appendix_ref: str = ""            # "(Kèm theo Báo cáo số    -BC/BTGTU ngày ... của ...)"

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.intro + [p for s in self.sections for p in s.paragraphs]

    @property
    def quotes(self) -> list[Quote]:
        """Every number the prose quotes, in order of appearance."""
        return [q for p in self.paragraphs for q in p.quotes]
