"""Suppressions, SUP001–SUP002: inline suppressions that cannot be honoured or no longer
matter. (How suppressions are read and applied: ``schemalint.lint.suppression``.)
"""
