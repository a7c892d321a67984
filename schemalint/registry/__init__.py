"""Talking to Confluent-compatible schema registries, and serving one for development."""
