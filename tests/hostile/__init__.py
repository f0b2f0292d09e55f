"""Attacks a hostile letter, repository or rulebook could make; each must be reported, not obeyed."""
