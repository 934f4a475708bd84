"""Trình chiếu — decks: the manager, and with ``?deck=ID&slide=N`` the full-screen slide show (``ui.present``)."""

from ui import present

present.run()
