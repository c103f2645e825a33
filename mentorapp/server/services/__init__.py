"""What the service does, independent of HTTP, one module per concern.

Each function takes an open SQLAlchemy session whose transaction the caller
owns, except push, which manages its own so that one bad record never fails
others. New code imports from the concern's module; the names re-exported here
keep ``services.<name>`` working for the admin CLI.
"""

from mentorapp.server.services.admin import (
    all_orgs,
    audit_entries,
    list_devices,
    list_users,
    revoke_device,
    set_user_disabled,
)
from mentorapp.server.services.audit import audit, audit_by
from mentorapp.server.services.auth import Caller, authenticate, require_role
from mentorapp.server.services.common import ROLES
from mentorapp.server.services.enrolment import enrol, set_org_keys
from mentorapp.server.services.envelopes import pull, push, visible_summary
from mentorapp.server.services.erasure import apply_retention, erase, purge_record
from mentorapp.server.services.keys import certify, key_directory, my_review_key
from mentorapp.server.services.organisations import (
    add_team,
    create_organisation,
    find_org,
    find_team,
    invite,
    new_code_for,
    set_retention,
)

__all__ = [
    "ROLES",
    "Caller",
    "add_team",
    "all_orgs",
    "apply_retention",
    "audit",
    "audit_by",
    "audit_entries",
    "authenticate",
    "certify",
    "create_organisation",
    "enrol",
    "erase",
    "find_org",
    "find_team",
    "invite",
    "key_directory",
    "list_devices",
    "list_users",
    "my_review_key",
    "new_code_for",
    "pull",
    "purge_record",
    "push",
    "require_role",
    "revoke_device",
    "set_org_keys",
    "set_retention",
    "set_user_disabled",
    "visible_summary",
]
