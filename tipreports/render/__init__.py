"""Writers: one per format, each a single match over the document blocks."""
