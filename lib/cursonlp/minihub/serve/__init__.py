"""The local Hub: the stand-ins served over HTTP on 127.0.0.1 to the real Hugging Face clients."""
