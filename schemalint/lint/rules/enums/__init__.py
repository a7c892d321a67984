"""Enums, ENM001: enum symbols and how they are spelled."""
