"""Language data, one subpackage per language (English only so far)."""
