"""Messages of the Data page (import, history, undo, monthly form)."""

MESSAGES = {
    "nav.data": ("Dữ liệu", "Data"),
    "nav.section.manage": ("Quản trị", "Manage"),
    "data.title": ("Dữ liệu", "Data"),
    "data.read_only": ("Cơ sở dữ liệu đang mở ở chế độ chỉ đọc (TUYENGIAO_READ_ONLY=1): không thể nhập hay "
                       "hoàn tác.", "The database is open read-only (TUYENGIAO_READ_ONLY=1): import and undo "
                       "are disabled."),
    "data.tab.upload": ("Nhập tệp báo cáo", "Import a report file"),
    "data.tab.form": ("Biểu mẫu báo cáo tháng", "Monthly report form"),
    "data.tab.history": ("Lịch sử nhập", "Import history"),
    "data.upload_intro": (
        "Tải lên tệp XLSX hoặc CSV theo mẫu (mục “Tải biểu mẫu” bên dưới). Hệ thống kiểm tra toàn bộ tệp trước khi ghi: nếu còn lỗi thì "
        "không nhập dòng nào. Nhận số viết 13.712 hoặc 1.234,5; tháng 09/2024, Tháng 9/2024, T9/2024 hoặc "
        "2024-09; ngày dd/mm/yyyy. Không nhập dữ liệu cá nhân.",
        "Upload an XLSX or CSV file in the template format (“Download a template” below). The whole file is checked before anything is "
        "written: with any error nothing is imported. Numbers as 13.712 or 1.234,5; months 09/2024, "
        "Tháng 9/2024, T9/2024 or 2024-09; dates dd/mm/yyyy. No personal data."),
    "data.upload": ("Chọn tệp báo cáo", "Choose a report file"),
    "data.kind": ("Loại báo cáo: {kind} — {rows} dòng số liệu.", "Report kind: {kind} — data rows: {rows}."),
    "data.kind_only": ("Loại báo cáo: {kind}.", "Report kind: {kind}."),
    "data.rejected": ("Tệp có {n} lỗi: không nhập dòng nào, cơ sở dữ liệu giữ nguyên. Sửa các lỗi dưới đây "
                      "rồi tải lên lại.", "Errors in the file: {n}. Nothing was imported and the database is "
                      "unchanged. Fix the errors below and upload again."),
    "data.problems": ("Các vấn đề trong tệp", "Problems in the file"),
    "data.error_file": ("Tải danh sách lỗi (CSV)", "Download the list of errors (CSV)"),
    "data.already": ("Tệp này đã được nhập ở lô {batch}; nhập lại không thay đổi gì.",
                     "This file was already imported as batch {batch}; importing it again changes nothing."),
    "data.preview": ("Xem trước", "Preview"),
    "data.new": ("Dòng mới", "New rows"),
    "data.replaced": ("Dòng thay thế giá trị cũ", "Rows replacing old values"),
    "data.unchanged": ("Dòng không đổi", "Unchanged rows"),
    "data.changes": ("Giá trị sẽ bị thay thế (cũ → mới)", "Values to be replaced (old → new)"),
    "data.commit": ("Nhập lô này", "Import this batch"),
    "data.committed": ("Đã nhập lô {batch}: {new} dòng mới, {replaced} thay thế, {unchanged} không đổi. Các "
                       "trang đã cập nhật số liệu.", "Imported batch {batch}: {new} new, {replaced} replaced, "
                       "{unchanged} unchanged. Every page shows the new figures."),
    "data.history_empty": ("Chưa có lô nhập nào.", "No import batches yet."),
    # the import kinds' names (data/kinds: the same Vietnamese label; tests/test_page_data.py checks they agree)
    "data.kind_name.activities": ("Hoạt động hằng tháng", "Monthly activities"),
    "data.kind_name.channel_snapshots": ("Số liệu kênh hằng tháng", "Monthly channel figures"),
    "data.kind_name.channels": ("Danh sách kênh", "Channel list"),
    "data.kind_name.contest_participation": ("Tham gia cuộc thi", "Contest participation"),
    "data.kind_name.contests": ("Danh sách cuộc thi", "Contest list"),
    "data.kind_name.indicator_values": ("Chỉ tiêu, kết quả chương trình", "Programme targets and results"),
    "data.kind_name.metric_targets": ("Chỉ tiêu năm", "Annual targets"),
    "data.kind_name.programme_conferences": ("Hội nghị đánh giá chương trình", "Programme review conferences"),
    "data.kind_name.programme_indicators": ("Chương trình, nhiệm vụ, chỉ số", "Programmes, tasks, indicators"),
    "data.kind_name.team_snapshots": ("Thành viên biệt đội", "Team members"),
    "data.kind_name.teams": ("Danh sách biệt đội", "Team list"),
    "data.kind_name.units": ("Đơn vị cấp xã", "Commune-level units"),
    "data.undo_pick": ("Lô cần hoàn tác", "Batch to undo"),
    "data.undo": ("Hoàn tác lô này", "Undo this batch"),
    "data.undone": ("Đã hoàn tác lô {batch}: xóa {removed} dòng lô đã thêm, khôi phục {restored} dòng về giá trị "
                    "trước khi nhập.", "Batch {batch} undone: rows it added removed: {removed}; rows restored to "
                    "their values before the import: {restored}."),
    "data.undone_kept": (" Giữ {kept} dòng mà lô sau đã gửi lại (giá trị của lô sau).",
                         " Rows a later batch sent again keep that batch's values: {kept}."),
    "data.col.batch": ("Lô", "Batch"),
    "data.col.kind": ("Loại", "Kind"),
    "data.col.file": ("Tệp", "File"),
    "data.col.added": ("Mới", "New"),
    "data.col.replaced": ("Thay thế", "Replaced"),
    "data.col.unchanged": ("Không đổi", "Unchanged"),
    "data.col.by": ("Người nhập", "By"),
    "data.col.at": ("Thời điểm", "When"),
    "data.col.status": ("Trạng thái", "Status"),
    "data.col.checksum": ("Mã kiểm tra", "Checksum"),
    "data.status.committed": ("Đã nhập", "Committed"),
    "data.status.undone": ("Đã hoàn tác", "Undone"),
    "data.form_intro": ("Chọn đơn vị và tháng báo cáo, điền số liệu (đã điền sẵn số tháng trước), rồi lưu. "
                        "Số liệu được kiểm tra theo đúng quy tắc như khi nhập tệp và lưu thành một lô.",
                        "Pick a unit and a report month, fill the figures (prefilled with last month's), then "
                        "save. They are checked by the same rules as a file and saved as one batch."),
    "data.form_unit": ("Đơn vị", "Unit"),
    "data.form_month": ("Tháng báo cáo", "Report month"),
    "data.form_save": ("Kiểm tra và lưu", "Check and save"),
    "data.form_prefill": ("Đã điền sẵn số liệu tháng {month}.", "Prefilled with {month}'s figures."),
    "data.form_empty": ("Tháng trước chưa có số liệu; hãy điền từ đầu.", "No figures last month; fill from scratch."),
    "data.templates": ("Tải biểu mẫu", "Download a template"),
    "data.templates_intro": (
        "Mỗi loại báo cáo có một mẫu riêng: tệp Excel có trang hướng dẫn, danh sách chọn và hai dòng ví dụ; "
        "tệp CSV có cùng dòng tiêu đề.",
        "One template per report kind: the Excel file has an instructions sheet, drop-down lists and two "
        "example rows; the CSV file has the same headers."),
    "data.templates_xlsx": ("Mẫu Excel (XLSX)", "Excel template (XLSX)"),
    "data.templates_csv": ("Mẫu CSV (cùng tiêu đề)", "CSV template (same headers)"),
    "data.template_help": ("Tải mẫu “{kind}” dạng {fmt}", "Download the “{kind}” template as {fmt}"),
    "data.upload_title": ("Tải lên tệp đã điền", "Upload a filled file"),
    "data.reading": ("Đang đọc và kiểm tra tệp {file} ({size})…", "Reading and checking {file} ({size})…"),
    "data.reading_step": ("{step} — {seconds} giây", "{step} — {seconds} s"),
    "data.comparing": ("So sánh với số liệu đang có…", "Comparing with the data in the database…"),
    "data.read_done": ("Đã đọc tệp {file} ({size}) trong {seconds} giây.", "Read {file} ({size}) in {seconds} s."),
    "data.nothing_new": ("Mọi dòng trong tệp đã có trong cơ sở dữ liệu với đúng giá trị này: không có gì để "
                         "nhập.", "Every row of the file is already in the database with these values: nothing "
                         "to import."),
    "data.changes_cut": ("Hiển thị {shown} trong {total} dòng thay thế.", "Replaced rows shown: {shown} of "
                         "{total}."),
    "data.committing": ("Đang ghi lô vào cơ sở dữ liệu…", "Writing the batch to the database…"),
    "data.refused": ("Không thể nhập tệp này với tài khoản đang dùng: {reason}. Cơ sở dữ liệu giữ nguyên.",
                     "This file cannot be imported with this account: {reason}. The database is unchanged."),
    "data.commit_failed": ("Không nhập được ({error}); cơ sở dữ liệu giữ nguyên.",
                           "The import failed ({error}); the database is unchanged."),
    "data.undo_option": ("Lô {batch} — {file} ({kind}, {when})", "Batch {batch} — {file} ({kind}, {when})"),
    "data.undo_refused": ("Không hoàn tác được lô {batch}: {reason}.", "Batch {batch} cannot be undone: {reason}."),
    "data.undo_help": ("Hoàn tác đưa lô ra khỏi lịch sử như chưa từng nhập: xóa các dòng lô đã thêm, khôi phục "
                       "đúng giá trị trước khi nhập của các dòng lô đã thay; dòng nào lô sau đã sửa lại thì giữ "
                       "giá trị của lô sau.",
                       "Undo takes the batch out of the history as if it had never been imported: the rows it added "
                       "are removed, the values it replaced come back; rows a later batch changed keep that "
                       "batch's values."),
}
