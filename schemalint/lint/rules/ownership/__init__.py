"""Ownership, OWN001: who answers for a topic."""
