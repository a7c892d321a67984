"""Orphans, ORP001: schema files that no subject or topic mapping reaches."""
