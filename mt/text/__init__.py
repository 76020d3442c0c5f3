"""Text utilities shared by the core: sentence splitting and normalisation."""
