"""Word lists and corpora the stand-ins are trained on."""
