"""Upgrade: vouch for the events written before the audit key with one keyed anchor event.

Needs SIGNPOST_AUDIT_KEY (production requires it anyway). Does nothing on an empty table or on
a chain already keyed. Refuses to run over a chain that is already broken (audit/anchoring.py).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from audit.anchoring import anchor_legacy_chain

    anchor_legacy_chain(apps.get_model("audit", "AuditEvent"))


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_event_key_id")]

    # Reversing leaves the anchor event in place: audit events are never deleted.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
