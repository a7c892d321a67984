"""Documentation, DOC001: records, enums and fields without documentation."""
