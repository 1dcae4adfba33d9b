"""Writers: the neutral document → docx, xlsx, pdf (Typst) and html bytes.  No filing access here."""
