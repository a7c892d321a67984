"""The package's public names resolve on first use, each to the object its module defines."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import schemalint


@pytest.mark.parametrize("name", [n for n in schemalint.__all__ if n != "__version__"])
def test_every_public_name_is_the_object_of_its_home_module(name: str) -> None:
    home = importlib.import_module(schemalint._HOMES[name])
    # A public name may be a package itself (``schemalint.replay``, callable).
    expected = home if home.__name__ == f"schemalint.{name}" else getattr(home, name)
    assert getattr(schemalint, name) is expected
    assert name in dir(schemalint)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        schemalint.nope  # noqa: B018


def test_importing_the_package_loads_no_engine() -> None:
    code = ("import sys, schemalint; "
            "print(sorted(m for m in sys.modules if m.startswith('schemalint')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    # Its version is a module of one line, which the SARIF report reads too.
    assert loaded.strip() == "['schemalint', 'schemalint.version']"


def test_every_lazily_imported_name_is_public() -> None:
    assert set(schemalint._HOMES) == set(schemalint.__all__) - {"__version__"}
