"""Load stage: a brand repository on disk → typed models with positions."""
