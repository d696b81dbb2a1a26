"""One CPU thread for training the stand-ins."""
from contextlib import contextmanager

import torch


@contextmanager
def one_thread():
    """Models this small train faster on one thread (their matrices gain little from a second
    one), and much faster when the CPU is shared."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
