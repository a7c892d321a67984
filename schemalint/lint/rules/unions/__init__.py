"""Unions, UNI001: Avro unions wider than an optional value."""
