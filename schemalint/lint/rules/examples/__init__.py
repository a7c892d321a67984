"""Examples and defaults, EXM001: JSON Schema examples and defaults their own schema rejects."""
