"""mygemini - meet another you."""

__version__ = "0.1.0"
