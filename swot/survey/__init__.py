"""Consultation data: codebook, importers for every channel, validation, PII masking."""
