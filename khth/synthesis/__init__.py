"""Narrative synthesis (issue 16): a superior's one text for a section, drawn from its
subordinates' texts — grouped by what they say, with their units and figures (docs/synthesis.md).
"""
