"""schemalint's version, on its own so that a reporter can name it without the package's API."""

__version__ = "0.1.0"
