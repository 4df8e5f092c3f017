"""Everything that knows ClinicalTrials.gov: its API, its bulk files, its record shape."""
