"""sitroom: a sourced event database from war reporting."""
__version__ = "0.1.0"
