"""Translation engines; the transformers backend loads torch only when used."""
