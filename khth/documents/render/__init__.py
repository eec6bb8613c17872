"""Renderers: the neutral document model (khth.documents.model) → DOCX and XLSX bytes."""
