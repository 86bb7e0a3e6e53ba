"""tipreports: briefing notes and one-pagers from conference panels and the TIP Report."""
