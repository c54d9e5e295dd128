"""Placeholder until the pipeline lands: finds nothing."""


def extract(text, source="", ref_date=None):
    return []
