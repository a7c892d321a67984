"""The check pipeline ``check``, ``diff`` and ``sync`` all run, below the commands so that no
command imports another."""
