"""Sensitive data, PII001: personal data and its classification."""
