"""Builders of the model and dataset stand-ins, one module per task family, and their shared helpers."""
