"""Messages of the URL contract's page-level parameters (issue 12 §9): which parameter of a link was changed or
dropped, and why. The filter bar's own notices are in ``core`` (``notice.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "notice.param_cut": ("Tham số “{param}” dài hơn {n} ký tự; chỉ dùng {n} ký tự đầu.",
                         "Parameter “{param}” is longer than {n} characters; only the first {n} are used."),
}
