"""Nhật ký hoạt động — the audit log for administrators: filter, read, download (``ui.admin``)."""

from ui import admin

admin.audit_page()
