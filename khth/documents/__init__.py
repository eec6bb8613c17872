"""Official documents out of KHTH's data.

``exporters`` turns a report (and its consolidation) into a neutral model — header, title, blocks
of text and tables, recipients, signature — and into indicator rows; ``render.docx``,
``render.xlsx`` and the print page turn that model into a file. Formats (margins, fonts, sizes,
number lines) are regulation data, read by ``formats``. Each app's ``documents.py`` builds its
documents with ``build`` (paragraphs, cells, tables, headings, file names) and ``heading``
(``letterhead``: header, recipients, signature). Not a Django app: no models.
"""
