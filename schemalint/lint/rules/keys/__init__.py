"""Keys, KEY001: key schemas, whose every change moves equal keys to other partitions."""
