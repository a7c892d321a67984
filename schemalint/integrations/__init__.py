"""Where schemalint meets other tools: pre-commit and GitHub Actions."""
