"""One module per command: the work behind each CLI verb, free of printing."""
