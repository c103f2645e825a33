"""The domain: what a peer mentoring service records, forms, and report arithmetic.

Nothing here imports Qt, SQL or cryptography.
"""
