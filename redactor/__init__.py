"""redactor: propose, log, review and burn redactions in PDF disclosures."""

__version__ = "0.1.0"
