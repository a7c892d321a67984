"""Where schema texts come from: files, git history, a registry."""
