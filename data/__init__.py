"""The write side: schema migrations, reference data, the sample generator, import and export.

This package is the only place (with ``queries/``) where SQL is written. It never renders UI.
"""
