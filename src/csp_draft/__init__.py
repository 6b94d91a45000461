"""csp-draft: a drafting assistant for civil-society coalition documents."""

__version__ = "0.1.0"
