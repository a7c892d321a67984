"""The lint rules: one package a family, one module a code (``naming/EVT001.py``).

Each code module holds its ``Rule``, its checks and its documentation; what several codes of a
family share lives in the family's ``__init__``. ``schemalint.lint.registry`` lists them all.
"""
