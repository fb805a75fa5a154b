"""Générateur du guide Pix d'un établissement : content/ + site_config.yaml → site statique."""
