"""Messages of the URL contract's page-level parameters (issue 12 §9): which parameter of a link was changed or
dropped, and why. The filter bar's own notices are in ``core`` (``notice.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "notice.param_cut": ("Tham số “{param}” dài hơn {n} ký tự; chỉ dùng {n} ký tự đầu.",
                         "Parameter “{param}” is longer than {n} characters; only the first {n} are used."),
    "notice.param_page": ("Tham số “{param}” = “{value}” không phải số trang (một số nguyên từ 1); dùng trang 1.",
                          "Parameter “{param}” = “{value}” is not a page number (a whole number from 1); page 1 is "
                          "used."),
    "notice.page_past_end": ("Danh sách chỉ có {pages} trang; hiện trang {pages} thay cho trang {asked}.",
                             "The list has only {pages} pages; page {pages} is shown instead of page {asked}."),
    # the pager under a paged list (channels, teams)
    "list.page": ("Trang", "Page"),
    "list.page_of": ("Trang {page}/{pages} · mỗi trang {size} dòng", "Page {page} of {pages} · {size} rows a page"),
}
