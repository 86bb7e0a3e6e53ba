"""Bundled fonts: Noto Sans and Noto Sans Thai (SIL Open Font License 1.1, see OFL.txt)."""
