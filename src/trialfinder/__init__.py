"""trialfinder: patient-friendly pages for ClinicalTrials.gov studies."""

__version__ = "0.1.0"
