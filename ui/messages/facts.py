"""Messages of the facts units publish (issue 10 §3): periods of contest figures, figures as published with their
qualifier, the units outside the provincial tree (see ``ui.messages``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # a contest period as its rows give it
    "facts.period.week": ("Tuần từ {date}", "Week from {date}"),
    "facts.period.week_span": ("Tuần {start} – {end}", "Week {start} – {end}"),
    "facts.period.month": ("Tháng {month}", "Month {month}"),
    "facts.period.month_cut": ("Tháng {month} (đến {end})", "Month {month} (to {end})"),
    "facts.period.round": ("Đợt {n} ({start} – {end})", "Round {n} ({start} – {end})"),
    "facts.period.whole": ("Cả cuộc thi ({start} – {end})", "Whole contest ({start} – {end})"),
    # a figure as published
    "facts.as_published": ("như công bố", "as published"),
    "facts.qualifier.~": ("gần đúng", "approximate"),
    "facts.qualifier.>": ("hơn", "more than"),
    "facts.qualifier.<": ("dưới", "less than"),
    "facts.qualified_note": (
        "Số có dấu “~” là số gần đúng (đơn vị công bố “gần”, “khoảng”, “ước tính”), “>” là “hơn” (cũng là tổng còn "
        "thiếu số liệu của một phần đơn vị hoặc kỳ), “<” là “dưới”; tổng của số gần đúng và số chính xác là số gần "
        "đúng.",
        "“~” marks an approximate figure (published as “nearly”, “about”, “estimated”), “>” “more than” (also a total "
        "missing some units' or periods' figures), “<” “less than”; a total of an approximate and an exact figure is "
        "approximate."),
    # the units outside the provincial tree (migration 009), by code
    "facts.unit.TW": ("Trung ương", "Central level"),
    "facts.unit.CN": ("Cả nước (không chia theo đơn vị)", "Whole country (not broken down)"),
    "facts.unit.NT": ("Tỉnh, thành phố khác", "Other provinces"),
    "facts.unit.NN": ("Ngoài nước", "Abroad"),
    "facts.organiser.central": ("{dept} Trung ương", "Central {dept}"),
}
