"""OCR for scanned pages and pictures of text (Tesseract)."""
