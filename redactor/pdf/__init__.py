"""The only package that imports PyMuPDF. Everything else sees redactor.models records."""
