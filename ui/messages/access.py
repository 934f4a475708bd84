"""Messages of access control: sign-in, sign-out, roles, refusals, demo mode, the audit log and accounts pages."""

MESSAGES = {
    # demo mode and the shell
    "access.demo_notice": (
        "Chế độ trình diễn: cơ sở dữ liệu mẫu chưa có tài khoản nào nên không cần đăng nhập — ai mở được trang "
        "này đều xem, tải xuống và nhập được. Khi có tài khoản đầu tiên (python -m data users add …), mọi trang "
        "đều yêu cầu đăng nhập.",
        "Demo mode: the sample database has no accounts, so no sign-in is needed — anyone who can open this page "
        "can view, download and import. Once the first account exists (python -m data users add …), every page "
        "requires signing in."),
    "access.demo_short": ("Chế độ trình diễn, chưa cần đăng nhập.", "Demo mode, no sign-in yet."),
    "access.user_line": ("Đăng nhập: {name} · {role} · phạm vi: {scope}", "Signed in: {name} · {role} · scope: {scope}"),
    "access.scope_all": ("tất cả đơn vị", "all units"),
    "access.sign_out": ("Đăng xuất", "Sign out"),
    "access.error": (
        "Đã xảy ra lỗi khi hiển thị trang này. Lỗi đã được ghi vào nhật ký máy chủ; hãy tải lại trang hoặc báo "
        "quản trị viên.",
        "Something went wrong while drawing this page. The error was written to the server log; reload the page or "
        "tell the administrator."),
    # roles
    "access.role.lanh_dao": ("Lãnh đạo ban", "Leader"),
    "access.role.chuyen_vien": ("Chuyên viên", "Analyst"),
    "access.role.can_bo_du_lieu": ("Cán bộ dữ liệu", "Data officer"),
    "access.role.quan_tri": ("Quản trị", "Administrator"),
    # sign-in
    "access.signin.title": ("Đăng nhập", "Sign in"),
    "access.signin.intro": (
        "Bảng điều khiển chỉ dành cho người được cấp tài khoản. Mỗi tài khoản xem số liệu trong phạm vi đơn vị "
        "được giao.",
        "The dashboard is for account holders only. Each account sees the figures of the units it is assigned."),
    "access.signin.username": ("Tên đăng nhập", "User name"),
    "access.signin.password": ("Mật khẩu", "Password"),
    "access.signin.submit": ("Đăng nhập", "Sign in"),
    "access.signin.failed": (
        "Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai liên tiếp, tài khoản bị tạm "
        "khóa 15 phút.",
        "Could not sign in: wrong user name or password. After 5 failed attempts in a row an account is locked "
        "for 15 minutes."),
    "access.signin.empty": ("Nhập tên đăng nhập và mật khẩu.", "Enter your user name and password."),
    "access.signin.expired": ("Phiên làm việc đã hết hạn sau {minutes} phút không thao tác; hãy đăng nhập lại.",
                              "Your session expired after {minutes} minutes without activity; please sign in again."),
    "access.signin.signed_out": ("Đã đăng xuất.", "Signed out."),
    "access.signin.ended": ("Tài khoản không còn hoạt động; phiên làm việc đã kết thúc.",
                            "The account is no longer active; the session has ended."),
    "access.signin.no_accounts": (
        "Cơ sở dữ liệu này chưa có tài khoản nào nên chưa ai đăng nhập được. Quản trị viên tạo tài khoản đầu tiên "
        "trên máy chủ: `python -m data users add TÊN --role quan_tri`.",
        "This database has no accounts yet, so nobody can sign in. The administrator creates the first one on the "
        "server: `python -m data users add NAME --role quan_tri`."),
    "access.signin.sso": ("Đăng nhập bằng tài khoản tổ chức", "Sign in with your organisation account"),
    "access.signin.sso_unknown": (
        "Tài khoản tổ chức này chưa được cấp quyền vào bảng điều khiển. Hãy liên hệ quản trị viên.",
        "This organisation account has no access to the dashboard. Please contact the administrator."),
    "access.signin.sso_out": ("Đăng xuất tài khoản tổ chức", "Sign out of the organisation account"),
    "access.signin.or": ("hoặc dùng tài khoản của bảng điều khiển:", "or use a dashboard account:"),
    # refusals
    "access.refused": (
        "Tài khoản của bạn (vai trò {role}) không được mở trang “{page}”. Hãy chọn một trang trong danh mục hoặc "
        "liên hệ quản trị viên.",
        "Your account (role {role}) may not open the page “{page}”. Choose a page from the menu or contact the "
        "administrator."),
    "access.refused_demo": (
        "Trang “{page}” chỉ dành cho quản trị viên đã đăng nhập; cơ sở dữ liệu mẫu chưa có tài khoản nào.",
        "The page “{page}” is for signed-in administrators; the sample database has no accounts."),
    "access.slide_out_of_scope": (
        "Trang chiếu này là số liệu của đơn vị ngoài phạm vi tài khoản của bạn nên không hiển thị.",
        "This slide shows units outside your account's scope, so it is not shown."),
    "compare.one_unit": (
        "Phạm vi tài khoản của bạn chỉ gồm {unit}; trang So sánh cần ít nhất hai đơn vị trong phạm vi nên không có "
        "gì để so sánh.",
        "Your account's scope holds only {unit}; the comparison page needs at least two units in scope, so there "
        "is nothing to compare."),
    # the audit log page (/nhat-ky)
    "nav.audit": ("Nhật ký hoạt động", "Audit log"),
    "audit.title": ("Nhật ký hoạt động", "Audit log"),
    "audit.intro": (
        "Ai làm gì, khi nào, từ đâu: đăng nhập, đăng xuất, nhập và hoàn tác số liệu, sửa bài trình chiếu, tải "
        "xuống, báo cáo, thay đổi tài khoản. Nhật ký chỉ được ghi thêm: ứng dụng không có chức năng sửa hay xóa.",
        "Who did what, when and from where: sign-in, sign-out, imports and undo, deck edits, downloads, reports, "
        "account changes. The log is append-only: the application has no way to change or delete a row."),
    "audit.from": ("Từ ngày", "From"),
    "audit.to": ("Đến ngày", "To"),
    "audit.actor": ("Người thực hiện", "Who"),
    "audit.actor_all": ("Tất cả", "Everyone"),
    "audit.actions": ("Hoạt động", "Actions"),
    "audit.actions_all": ("Tất cả hoạt động", "All actions"),
    "audit.search": ("Tìm trong đối tượng, chi tiết", "Search target and detail"),
    "audit.count": ("{n} dòng, mới nhất trước (hiển thị tối đa {limit}).",
                    "Rows: {n}, newest first (at most {limit} shown)."),
    "audit.empty": ("Không có dòng nào khớp bộ lọc.", "No row matches the filters."),
    "audit.col.at": ("Thời điểm", "When"),
    "audit.col.actor": ("Người thực hiện", "Who"),
    "audit.col.action": ("Hoạt động", "Action"),
    "audit.col.target": ("Đối tượng", "Target"),
    "audit.col.detail": ("Chi tiết", "Detail"),
    "audit.col.client": ("Từ địa chỉ", "From"),
    "audit.export_csv": ("Tải nhật ký (CSV)", "Download the log (CSV)"),
    "audit.export_xlsx": ("Tải nhật ký (Excel)", "Download the log (Excel)"),
    "audit.action.sign_in": ("Đăng nhập", "Sign-in"),
    "audit.action.sign_in_failed": ("Đăng nhập không thành công", "Failed sign-in"),
    "audit.action.lock": ("Tạm khóa tài khoản", "Account locked"),
    "audit.action.sign_out": ("Đăng xuất", "Sign-out"),
    "audit.action.session_expired": ("Hết phiên", "Session expired"),
    "audit.action.import": ("Nhập số liệu", "Import"),
    "audit.action.undo": ("Hoàn tác", "Undo"),
    "audit.action.deck": ("Sửa bài trình chiếu", "Deck edit"),
    "audit.action.export": ("Tải xuống", "Download"),
    "audit.action.report": ("Báo cáo", "Report"),
    "audit.action.backup": ("Sao lưu", "Backup"),
    "audit.action.account": ("Thay đổi tài khoản", "Account change"),
    # the accounts page (/tai-khoan)
    "nav.accounts": ("Tài khoản", "Accounts"),
    "accounts.title": ("Tài khoản", "Accounts"),
    "accounts.intro": (
        "Vai trò: Lãnh đạo ban (xem), Chuyên viên (xem, tải xuống), Cán bộ dữ liệu (thêm nhập, sửa, hoàn tác "
        "trong phạm vi), Quản trị (thêm tài khoản và nhật ký). Phạm vi: “all” hoặc mã đơn vị hiện hành, cách nhau "
        "bằng dấu phẩy (mã cũ như 49 được hiểu là đơn vị hiện nay, 48).",
        "Roles: Leader (read), Analyst (read, download), Data officer (plus import, edit, undo within scope), "
        "Administrator (plus accounts and the audit log). Scope: “all” or today's unit codes separated by commas "
        "(an old code such as 49 means today's unit, 48)."),
    "accounts.col.username": ("Tên đăng nhập", "User name"),
    "accounts.col.display": ("Tên hiển thị", "Display name"),
    "accounts.col.email": ("Thư (đăng nhập một lần)", "E-mail (single sign-on)"),
    "accounts.col.role": ("Vai trò", "Role"),
    "accounts.col.scope": ("Phạm vi", "Scope"),
    "accounts.col.state": ("Trạng thái", "State"),
    "accounts.col.last": ("Đăng nhập gần nhất", "Last sign-in"),
    "accounts.state.active": ("Hoạt động", "Active"),
    "accounts.state.disabled": ("Đã khóa", "Disabled"),
    "accounts.state.locked": ("Tạm khóa đến {until}", "Locked until {until}"),
    "accounts.add": ("Thêm tài khoản", "Add an account"),
    "accounts.password2": ("Nhập lại mật khẩu", "Repeat the password"),
    "accounts.password_mismatch": ("Hai lần nhập mật khẩu không giống nhau.", "The two passwords differ."),
    "accounts.create": ("Tạo tài khoản", "Create the account"),
    "accounts.created": ("Đã tạo tài khoản “{name}”.", "Account “{name}” created."),
    "accounts.edit": ("Sửa một tài khoản", "Change an account"),
    "accounts.pick": ("Tài khoản", "Account"),
    "accounts.save": ("Lưu vai trò, phạm vi và thư", "Save role, scope and e-mail"),
    "accounts.saved": ("Đã lưu thay đổi của “{name}”.", "Changes to “{name}” saved."),
    "accounts.disable": ("Khóa tài khoản", "Disable the account"),
    "accounts.enable": ("Mở lại tài khoản", "Enable the account"),
    "accounts.new_password": ("Mật khẩu mới", "New password"),
    "accounts.reset": ("Đặt lại mật khẩu", "Reset the password"),
    "accounts.reset_done": ("Đã đặt mật khẩu mới cho “{name}”.", "New password set for “{name}”."),
    "accounts.read_only": ("Cơ sở dữ liệu đang mở chỉ đọc: không thể thay đổi tài khoản.",
                           "The database is open read-only: accounts cannot be changed."),
}
