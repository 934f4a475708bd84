"""Words of the shell's own controls where Streamlit writes English (the file uploader, ui.style) and the
short platform names of chart legends (ui.charts.common.legend_name)."""

MESSAGES = {
    "upload.button": ("Chọn tệp", "Choose a file"),
    "upload.limit": ("Tối đa {mb} MB mỗi tệp • {types}", "Up to {mb} MB per file • {types}"),
    # a legend of seven platforms took half a phone's chart: short names there, the full name in the hover
    "platform.short.website": ("Trang TTĐT", "Website"),
    "platform.short.fanpage": ("Fanpage", "FB page"),
    "platform.short.group": ("Nhóm FB", "FB group"),
    "platform.short.youtube": ("YouTube", "YouTube"),
    "platform.short.zalo": ("Zalo", "Zalo"),
    "platform.short.tiktok": ("TikTok", "TikTok"),
    "platform.short.other": ("Khác", "Other"),
}
