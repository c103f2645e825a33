"""Client side of sync: device identity, the HTTP client, envelopes.

The sync engine itself (outbox, retries, conflicts) is the sync issue's work; this
package so far holds what enrolment and talking to the service need.
"""
