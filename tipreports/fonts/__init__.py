"""Bundled fonts: Noto Sans and Noto Sans/Serif Thai (SIL Open Font License 1.1, see OFL.txt)."""
