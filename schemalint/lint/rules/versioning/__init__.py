"""Versioning, VER001: new `.vN` topics and subjects, and whether they were needed."""
