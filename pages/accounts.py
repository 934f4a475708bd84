"""Tài khoản — accounts for administrators: list, add, role, scope, e-mail, password, disable (``ui.admin``)."""

from ui import admin

admin.accounts_page()
