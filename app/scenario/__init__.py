"""Scenario files: the YAML format, its model, validation and lint."""
