"""Bundled rule packs: rubrics (``rubrics/*.yaml``) by region and year.  Data only."""
