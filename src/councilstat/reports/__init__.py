"""Reports: assembly into plain data (``model``) kept apart from the renderers."""
