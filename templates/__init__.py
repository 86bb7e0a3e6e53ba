"""The Jinja2 templates of the products (the top-level ``templates/`` folder of the repository)."""
