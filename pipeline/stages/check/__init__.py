"""Check stage: the charter rules over the loaded model → findings, and their writers."""
