"""Subjects, SUB001: subjects and the subject-name strategy the producers use."""
