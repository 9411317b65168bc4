"""Documents made from a saved plan: the PDF action plan, the request letter (PDF and Word), the
calendar. The only place WeasyPrint and python-docx are imported."""
