"""The central service: stores ciphertext envelopes, enrols devices, serves push and pull.

It never holds a usable private key and never sees record content. It imports
``core`` and ``crypto`` (to verify signatures and seal replies to public keys),
never ``store`` or ``ui``.
"""
