"""The parliamentary answer for one year as documents: DOCX (docxtpl template), PDF (typst), the annex ZIP."""
