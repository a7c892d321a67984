"""The event catalogue: a static site and AsyncAPI export, built from the checked project."""
